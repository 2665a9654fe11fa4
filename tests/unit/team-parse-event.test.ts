import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { formatEventMessage, inPieces, parseLoggedEvent, parseSnapshotPart, snapshotPartMessage, written } from '../../src-main/services/teamlog/parse-event';
import { snapshotEvent, teamEvent } from '../support/team-events';

const note = teamEvent('agent-1', Date.UTC(2030, 0, 2, 3, 4, 5), { type: 'ticket.note', ticket: '<m1@example.com>', text: 'Kunde möchte Rückruf 📞 — "quoted"\nsecond line' });

function rawMessage(headers: string[], body: string, eol = '\r\n'): string {
  return `${headers.join(eol)}${eol}${eol}${body}`;
}

describe('formatEventMessage and parseLoggedEvent', () => {
  it('round-trip an event with non-ASCII text, with the headers of the plan and no line over 998 characters', async () => {
    const raw = formatEventMessage(note, 'Mailroom <team@example.com>');
    const text = raw.toString('utf8');
    expect(text.split('\r\n').every((line) => line.length < 998)).toBe(true);
    expect(text).toContain('X-Mailroom-Event: 1\r\n');
    expect(text).toContain(`X-Mailroom-Event-Id: ${note.id}\r\n`);
    expect(text).toContain('X-Mailroom-Agent: agent-1\r\n');
    expect(text).toContain(`Message-ID: <${note.id}@mailroom.invalid>\r\n`);
    expect(text).toContain('Subject: Mailroom event ticket.note\r\n');
    expect(text).toContain('Date: Wed, 02 Jan 2030 03:04:05 +0000\r\n');
    expect(parseLoggedEvent(42, raw)).toEqual({ ok: true, logged: { uid: 42, event: note } });
    // A real MIME parser reads the same message the same way.
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe(`<${note.id}@mailroom.invalid>`);
    expect(parsed.headers.get('x-mailroom-event')).toBe('1');
    expect(JSON.parse(parsed.attachments[0]?.content.toString('utf8') ?? parsed.text ?? '')).toEqual(note);
  });

  it('marks snapshots with their UID in a header and encodes a non-ASCII sender name', async () => {
    const snapshot = teamEvent('agent-1', 1, { type: 'snapshot', upTo: 12_345, state: 'x'.repeat(5_000) });
    const raw = formatEventMessage(snapshot, 'Jürgen Groß <team@example.com>');
    expect(raw.toString('utf8')).toContain('X-Mailroom-Snapshot: 12345\r\n');
    expect((await simpleParser(raw)).from?.value[0]).toEqual({ name: 'Jürgen Groß', address: 'team@example.com' });
    expect(parseLoggedEvent(7, raw)).toEqual({ ok: true, logged: { uid: 7, event: snapshot } });
  });

  it('cuts the compressor\'s pieces into parts of a size, copying only where a part spans two pieces', () => {
    const bytes = randomBytes(1_000);
    const pieces = [0, 7, 7, 8, 503].map((start, i, starts) => bytes.subarray(start, starts[i + 1] ?? bytes.length));
    for (const size of [1, 3, 250, 999, 1_000, 4_000]) {
      const parts = [...inPieces(pieces, size)];
      expect(Buffer.concat(parts).equals(bytes)).toBe(true);
      expect(parts.slice(0, -1).every((part) => part.length === size)).toBe(true);
      expect(parts.at(-1)!.length).toBe(1_000 - size * (parts.length - 1));
    }
    expect([...inPieces([Buffer.alloc(0)], 5)]).toEqual([]);
  });

  it('writes a snapshot part as a message of its own that no fold reads as an event, and reads its bytes back', async () => {
    const event = snapshotEvent('agent-1', Date.UTC(2030, 0, 2), 9, 3);
    for (const size of [1, 2, 3, 300_001]) {
      const gz = randomBytes(size);
      const raw = written(snapshotPartMessage(event, 2, gz, 'Jürgen Groß <team@example.com>'));
      const text = raw.toString('latin1');
      expect(text).toContain(`X-Mailroom-Snapshot-Part: ${event.id} 2\r\n`);
      expect(text).toContain('Subject: Mailroom snapshot part 2 of 3\r\n');
      expect(text.split('\r\n').every((line) => line.length <= 76 || line.startsWith('From:'))).toBe(true);
      expect(parseSnapshotPart(raw)).toEqual({ snapshotId: event.id, index: 2, gz });
      expect(parseLoggedEvent(5, raw)).toMatchObject({ ok: false, reason: 'not-an-event' });
      // A real MIME parser reads the same bytes.
      const parsed = await simpleParser(raw);
      expect(parsed.attachments[0]?.content.equals(gz)).toBe(true);
      expect(parsed.from?.value[0]).toEqual({ name: 'Jürgen Groß', address: 'team@example.com' });
    }
    expect(parseSnapshotPart(formatEventMessage(note, 'team@example.com'))).toBeNull();
  });

  it('writes a big part in steps, so the app can give the event loop a turn between them', () => {
    const gz = randomBytes(1_000_000);
    const steps = snapshotPartMessage(snapshotEvent('agent-1', Date.UTC(2030, 0, 2), 9, 1), 1, gz, 'team@example.com');
    let turns = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) turns += 1;
    // 1,000,000 bytes are 1.3 MB of base64: pieces of 57 KB each.
    expect(turns).toBeGreaterThan(15);
    expect(parseSnapshotPart(step.value)?.gz.equals(gz)).toBe(true);
  });

  it('refuses ids that would break the headers', () => {
    expect(() => formatEventMessage({ ...note, id: 'bad id\r\nX-Evil: 1' }, 'team@example.com')).toThrow(/printable ASCII/);
    expect(() => formatEventMessage(note, 'team@example.com\r\nBcc: x@example.com')).toThrow(/one line/);
  });

  it('reads 8bit bodies with bare LF line ends, quoted-printable bodies, and folded headers in any case', () => {
    const json = JSON.stringify(note);
    const eightBit = rawMessage(['x-mailroom-EVENT:', '  1', 'Content-Type: application/json; charset=utf-8', 'Content-Transfer-Encoding: 8bit'], json, '\n');
    expect(parseLoggedEvent(1, Buffer.from(eightBit, 'utf8'))).toEqual({ ok: true, logged: { uid: 1, event: note } });
    const qp = Buffer.from(json, 'utf8')
      .toString('latin1')
      .replace(/[=\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
      .replace(/(.{60})/g, '$1=\r\n');
    const quoted = rawMessage(['X-Mailroom-Event: 1', 'Content-Transfer-Encoding: Quoted-Printable'], qp);
    expect(parseLoggedEvent(2, quoted)).toEqual({ ok: true, logged: { uid: 2, event: note } });
  });

  it('skips what is not an event, what a newer Mailroom wrote, and malformed events, saying why', () => {
    expect(parseLoggedEvent(1, rawMessage(['Subject: hello'], '{}'))).toMatchObject({ ok: false, reason: 'not-an-event' });
    const v2 = JSON.stringify({ ...note, v: 2, type: 'ticket.teleport' });
    expect(parseLoggedEvent(2, rawMessage(['X-Mailroom-Event: 1'], v2))).toMatchObject({ ok: false, reason: 'newer-version', detail: expect.stringContaining('format 2') });
    expect(parseLoggedEvent(3, rawMessage(['X-Mailroom-Event: 2'], 'anything'))).toMatchObject({ ok: false, reason: 'newer-version' });
    expect(parseLoggedEvent(4, rawMessage(['X-Mailroom-Event: 1'], '{"v":1,'))).toMatchObject({ ok: false, reason: 'malformed', detail: expect.stringContaining('not JSON') });
    const unknownType = JSON.stringify({ ...note, type: 'ticket.teleport' });
    expect(parseLoggedEvent(5, rawMessage(['X-Mailroom-Event: 1'], unknownType))).toMatchObject({ ok: false, reason: 'malformed', detail: expect.stringContaining('not a valid event') });
    expect(parseLoggedEvent(6, rawMessage(['X-Mailroom-Event: 1', 'Content-Transfer-Encoding: x-uuencode'], 'begin'))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseLoggedEvent(7, 'X-Mailroom-Event: 1')).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
