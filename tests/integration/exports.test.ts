/**
 * Exports against a real Dovecot: a ticket's zip holds each message's .eml byte for byte
 * as the server holds it (kept at sync, so offline too; fetched from the server for mail
 * cached before sources were kept; listed in MISSING.txt when neither is possible), the
 * notes, and without attachments the messages minus their files; a cancelled export
 * leaves no file; the list's CSV reads back through a CSV parser cell for cell.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERACTION_COLUMNS, NewAccountSchema, TicketFilterSchema, type ExportProgress, type ExportStarted, type TicketDetail } from '../../src-preload/contract';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { copiesOf } from '../support/server-inbox';
import { unzip } from '../support/unzip';
import { createTestServices, removeTestDirs, testAccountInput, until, type TestServices } from '../support/services';

const user: TestUser = { username: 'exports@example.test', password: 'pass-exports-1', email: 'support@example.test' };
const CRLF = '\r\n';
const date = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute)).toUTCString().replace('GMT', '+0000');

const ROOT_ID = '<zoe-1@customer.example>';
const REPLY_ID = '<zoe-2@customer.example>';
const OTHER_ID = '<formula-1@customer.example>';
const PDF_BASE64 = Buffer.from('%PDF-1.4 the invoice itself').toString('base64');

const ROOT = [
  `From: =?UTF-8?B?${Buffer.from('Zoë Müller-日本').toString('base64')}?= <zoe@customer.example>`,
  'To: Support <support@example.test>',
  'Subject: Invoice "March", item 3, please',
  `Date: ${date(0)}`,
  `Message-ID: ${ROOT_ID}`,
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="zz"',
  '',
  '--zz',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Grüße: the invoice is attached.',
  '--zz',
  'Content-Type: application/pdf; name="invoice.pdf"',
  'Content-Disposition: attachment; filename="invoice.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  PDF_BASE64,
  '--zz--',
  '',
].join(CRLF);
const REPLY = [
  'From: Zoe <zoe@customer.example>',
  'To: Support <support@example.test>',
  'Subject: Re: Invoice "March", item 3, please',
  `Date: ${date(5)}`,
  `Message-ID: ${REPLY_ID}`,
  `In-Reply-To: ${ROOT_ID}`,
  `References: ${ROOT_ID}`,
  '',
  'Any news?   (trailing spaces and odd lines stay as they are)   ',
  '',
].join(CRLF);
const FORMULA = ['From: mallory@customer.example', 'To: support@example.test', 'Subject: =HYPERLINK("http://evil.example","click")', `Date: ${date(10)}`, `Message-ID: ${OTHER_ID}`, '', 'x', ''].join(CRLF);

let servers: MailServers;
let t: TestServices;
let accountId: string;
let ticket: TicketDetail;

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  for (const raw of [ROOT, REPLY, FORMULA]) await servers.deliver(user.username, raw);
  t = createTestServices();
  const account = await t.s.accountLifecycle.add(NewAccountSchema.parse(testAccountInput(servers, user, { key: 'SUP' })));
  accountId = account.id;
  ticket = await until('the ticket with both messages and their sources kept', () => {
    const found = t.s.tickets.listTickets(TicketFilterSchema.parse({ text: 'Invoice' }), 'lastActivity', true, 0, 5).items[0];
    if (!found) return false;
    const detail = t.s.tickets.getTicket(accountId, found.key);
    const kept = detail.messages.filter((m) => m.messageId !== null && t.s.store.messages.rawOf(Number(m.messageId)) !== null);
    return kept.length === 2 && detail;
  });
  t.s.tickets.ticketAction(accountId, ticket.key, { type: 'note', text: 'Customer called; "refund" approved,\nsecond line.' });
}, 120_000);

afterAll(async () => {
  await t?.s.close();
  await servers?.stop();
  removeTestDirs();
});

function finished(id: string): Promise<ExportProgress> {
  return until(`export ${id} to finish`, () => {
    const last = t.events.filter((e) => e.name === 'exportProgress' && (e.payload as ExportProgress).id === id).at(-1)?.payload as ExportProgress | undefined;
    return last && last.state !== 'running' && last;
  });
}

function started(result: ExportStarted): { id: string; path: string } {
  if (!result.started) throw new Error('the export did not start');
  return result;
}

async function serverSource(messageId: string): Promise<Buffer> {
  const [copy] = await copiesOf(servers, user, messageId);
  if (!copy) throw new Error(`${messageId} is not on the server`);
  return copy;
}

const emls = (entries: Map<string, Buffer>) => [...entries].filter(([name]) => name.endsWith('.eml'));

async function exportZip(attachments = true) {
  const job = started(await t.s.exports.exportZip({ tickets: [{ accountId, ticket: ticket.key }], attachments, timeZone: 'Europe/Paris' }));
  const end = await finished(job.id);
  return { end, entries: await unzip(job.path), job };
}

describe('zip of a ticket', () => {
  it('holds each message as the server holds it, byte for byte, and the notes', async () => {
    const { end, entries } = await exportZip();
    expect(end).toMatchObject({ state: 'done', done: 2, total: 2, missing: 0, error: null });
    const folder = "SUP-1 Invoice 'March', item 3, please";
    const files = emls(entries);
    expect(files.map(([name]) => name)).toEqual([`${folder}/001 2026-03-02 10.00 zoe@customer.example.eml`, `${folder}/002 2026-03-02 10.05 zoe@customer.example.eml`]);
    expect(files[0]?.[1].equals(await serverSource(ROOT_ID))).toBe(true);
    expect(files[1]?.[1].equals(await serverSource(REPLY_ID))).toBe(true);
    const notes = entries.get(`${folder}/notes.txt`)?.toString('utf8') ?? '';
    expect(notes).toContain('Customer called; "refund" approved,\r\nsecond line.');
    expect(entries.has('MISSING.txt')).toBe(false);
  });

  it('without attachments: the message minus its file, a README that says so', async () => {
    const { end, entries } = await exportZip(false);
    expect(end.state).toBe('done');
    expect(entries.get('README.txt')?.toString('utf8')).toContain('WITHOUT their attachments');
    const [root, reply] = emls(entries).map(([, content]) => content.toString('utf8'));
    expect(root).toContain('Grüße: the invoice is attached.');
    expect(root).toContain('[Attachment removed by the Mailroom export: invoice.pdf (application/pdf)]');
    expect(root).not.toContain(PDF_BASE64);
    // A message without attachments is untouched.
    expect(Buffer.from(reply ?? '').equals(await serverSource(REPLY_ID))).toBe(true);
  });

  it('a message cached before sources were kept is fetched from the server, then kept', async () => {
    const root = ticket.messages.find((m) => m.subject.startsWith('Invoice'));
    const id = Number(root?.messageId);
    forgetSource(id);
    const { end, entries } = await exportZip();
    expect(end).toMatchObject({ state: 'done', missing: 0 });
    expect(emls(entries)[0]?.[1].equals(await serverSource(ROOT_ID))).toBe(true);
    expect(t.s.store.messages.rawOf(id)).not.toBeNull();
  });

  it('a cancelled export leaves no file', async () => {
    const job = started(await t.s.exports.exportZip({ tickets: [{ accountId, ticket: ticket.key }], attachments: true, timeZone: '' }));
    expect(t.s.exports.cancel(job.id)).toBe(true);
    expect((await finished(job.id)).state).toBe('cancelled');
    const left = fs.readdirSync(path.dirname(job.path));
    expect(left.filter((name) => name.includes(path.basename(job.path)))).toEqual([]);
  });

  it('offline: the kept sources still export whole; one without a copy is listed in MISSING.txt with why', async () => {
    await t.s.sync.stopAll();
    const reply = ticket.messages.find((m) => m.subject.startsWith('Re:'));
    forgetSource(Number(reply?.messageId));
    const { end, entries } = await exportZip();
    expect(end).toMatchObject({ state: 'done', missing: 1 });
    const files = emls(entries);
    expect(files).toHaveLength(1);
    expect(files[0]?.[1].equals(await serverSource(ROOT_ID))).toBe(true);
    const missing = entries.get('MISSING.txt')?.toString('utf8') ?? '';
    expect(missing).toContain('002 2026-03-02 10.05 zoe@customer.example.eml');
    expect(missing).toContain('not connected');
  });
});

describe('CSV of the list', () => {
  it('reads back through a CSV parser: quotes, commas, non-ASCII and a defused formula', async () => {
    const job = started(
      await t.s.exports.exportCsv({ filter: TicketFilterSchema.parse({}), sort: 'created', descending: false, columns: [...INTERACTION_COLUMNS], bom: true, timeZone: 'Europe/Paris' }),
    );
    expect(await finished(job.id)).toMatchObject({ state: 'done', done: 2, total: 2 });
    const rows = parse(fs.readFileSync(job.path), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Date', 'Account', 'Ticket', 'Customer', 'Subject', 'Status', 'Assignee', 'Queue', 'Tags', 'Disposition', 'Read', 'Last activity', 'Messages']);
    const [invoice, formula] = rows.slice(1);
    expect(invoice?.slice(0, 5)).toEqual(['2026-03-02T10:00:00+01:00', 'SUP', 'SUP-1', 'Zoë Müller-日本 <zoe@customer.example>', 'Invoice "March", item 3, please']);
    expect(invoice?.[12]).toBe('2');
    expect(formula?.[4]).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });
});

/** As a cache from before migration 010 has it: the message without its source. */
function forgetSource(messageId: number): void {
  const db = new Database(path.join(t.dir, 'mailroom.sqlite3'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE messages SET raw_sha256 = NULL WHERE id = ?').run(messageId);
  } finally {
    db.close();
  }
}
