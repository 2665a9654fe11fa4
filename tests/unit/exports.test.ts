/**
 * Exports without a server: the CSV as a spreadsheet and a CSV parser read it (quoting,
 * formula cells, dates in a zone), the job runner (a cancelled job leaves no file), names
 * safe on every file system, and attachments taken out of a message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../src-preload/contract';
import { isoDateTime } from '../../src-main/services/exports/csv';
import { ExportService } from '../../src-main/services/exports/export-service';
import { exportFileName, safeName, UniqueNames } from '../../src-main/services/exports/file-names';
import { withoutAttachments } from '../../src-main/services/exports/strip-attachments';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';

let dir: string;
let events: ExportProgress[];
let service: ExportService;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-exports-'));
  events = [];
  const platform = createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'd4'.repeat(32) });
  service = new ExportService({
    files: platform.files,
    tickets: {
      allTickets: () => ({ total: 0, items: [] }),
      getTicket: () => {
        throw new Error('no tickets here');
      },
    },
    sources: { sourceOf: async () => ({ missing: 'none' }) },
    emit: (p) => events.push(p),
  });
});

afterEach(async () => {
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the job's last event once it left 'running'. */
function finished(id: string): Promise<ExportProgress> {
  return new Promise((resolve) => {
    const check = () => {
      const last = events.filter((e) => e.id === id).at(-1);
      if (last && last.state !== 'running') resolve(last);
      else setImmediate(check);
    };
    check();
  });
}

describe('CSV', () => {
  it('writes RFC 4180 that a CSV parser reads back cell for cell, formulas defused, dates in the zone with offset', async () => {
    const tricky = ['He said "hi", then left', 'line one\nline two', 'Zoë – 日本語 ✓', '=HYPERLINK("http://evil","x")', '+1', '-2', '@SUM(A1)', '\tTabbed', 'plain'];
    const started = await service.startCsv({
      suggestedName: 'Report',
      header: ['Text', 'Count', 'When'],
      rows: tricky.map((t, i) => [t, i === 5 ? -5 : i, new Date(Date.UTC(2026, 2, 1, 9, 30, 0))]),
      total: tricky.length,
      bom: true,
      timeZone: 'Europe/Paris',
    });
    if (!started.started) throw new Error('not started');
    expect(path.basename(started.path)).toBe('Report.csv');
    const end = await finished(started.id);
    expect(end).toMatchObject({ state: 'done', done: tricky.length, total: tricky.length, error: null });
    const bytes = fs.readFileSync(started.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Text', 'Count', 'When']);
    const texts = rows.slice(1).map((r) => r[0]);
    expect(texts).toEqual(['He said "hi", then left', 'line one\nline two', 'Zoë – 日本語 ✓', `'=HYPERLINK("http://evil","x")`, "'+1", "'-2", "'@SUM(A1)", "'\tTabbed", 'plain']);
    // A negative number is a number, not a formula.
    expect(rows[6]?.[1]).toBe('-5');
    expect(rows[1]?.[2]).toBe('2026-03-01T10:30:00+01:00');
    // The same name again is not overwritten.
    const again = await service.startCsv({ suggestedName: 'Report.csv', header: ['a'], rows: [], total: 0, bom: false });
    if (!again.started) throw new Error('not started');
    expect(path.basename(again.path)).toBe('Report (2).csv');
    await finished(again.id);
    expect(fs.readFileSync(again.path, 'utf8')).toBe('a\r\n');
  });

  it('a cancelled export leaves no file, not even a partial one', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* rows() {
      yield ['first'];
      await gate;
      yield ['never written'];
    }
    const started = await service.startCsv({ suggestedName: 'Slow', header: ['a'], rows: rows(), total: 2, bom: false });
    if (!started.started) throw new Error('not started');
    expect(service.cancel(started.id)).toBe(true);
    release();
    expect((await finished(started.id)).state).toBe('cancelled');
    expect(fs.readdirSync(path.dirname(started.path))).toEqual([]);
  });

  it('dates carry the zone offset of their own day (summer time)', () => {
    expect(isoDateTime(Date.UTC(2026, 6, 1, 12, 0, 0), 'Europe/Paris')).toBe('2026-07-01T14:00:00+02:00');
    expect(isoDateTime(Date.UTC(2026, 0, 1, 3, 0, 0), 'America/New_York')).toBe('2025-12-31T22:00:00-05:00');
    expect(isoDateTime(Date.UTC(2026, 0, 1, 3, 0, 0), 'Asia/Kolkata')).toBe('2026-01-01T08:30:00+05:30');
    expect(isoDateTime(Date.UTC(2026, 0, 1, 3, 0, 0), 'UTC')).toBe('2026-01-01T03:00:00+00:00');
  });
});

describe('file names', () => {
  it('are safe on every system and unique', () => {
    expect(safeName('Re: invoice <#42> / "urgent"?', 80)).toBe("Re invoice #42 'urgent'");
    expect(safeName('...', 80)).toBe('untitled');
    expect(safeName('CON', 80)).toBe('CON_');
    expect(exportFileName('a/b.ZIP', '.zip')).toBe('a b.zip');
    const names = new UniqueNames();
    expect([names.take('x', '.eml'), names.take('X', '.eml'), names.take('x', '.eml')]).toEqual(['x.eml', 'X (2).eml', 'x (3).eml']);
  });
});

describe('without attachments', () => {
  it('replaces each attachment by a line naming it and keeps the rest byte for byte', async () => {
    const message = [
      'From: Ann <ann@example.test>',
      'Subject: Invoice',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the invoice attached.',
      '--b1',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 secret numbers').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    const stripped = await text(withoutAttachments(Readable.from([Buffer.from(message)])));
    expect(stripped.startsWith(message.slice(0, message.indexOf('--b1\r\nContent-Type: application/pdf')))).toBe(true);
    const parsed = await simpleParser(stripped);
    expect(parsed.text).toContain('See the invoice attached.');
    expect(parsed.text).toContain('[Attachment removed by the Mailroom export: invoice.pdf (application/pdf)]');
    expect(parsed.attachments).toEqual([]);
    expect(stripped).not.toContain(Buffer.from('%PDF-1.4 secret numbers').toString('base64'));
  });
});
