/**
 * Composing against real Dovecot and Postfix: a reply started from a ticket the real sync
 * and importer made (recipients, token, threading, greeting, signature, quote); drafts
 * kept locally and copied to the server's Drafts folder (one copy, the newest), surviving
 * a restart with their attachments; a sent draft leaves through the outbox and arrives
 * threaded; undo and cancel bring the draft back; problems and the size limit explained.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewAccountSchema, TicketFilterSchema, type AccountDraftInput, type ComposeView } from '../../src-preload/contract';
import { createServices, type Services } from '../../src-main/services';
import { DRAFT_HEADER } from '../../src-main/services/compose/drafts-folder';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { HEADER_WORKER_SOURCE } from '../support/header-worker';
import { DEFAULT_USERS, startMailServers, type MailServers, type TestUser } from '../support/mail-servers';
import { createTestServices, removeTestDirs, testAccountInput, until } from '../support/services';
import { eventually } from '../support/team-clients';

const [alice, bob] = DEFAULT_USERS as [TestUser, TestUser];
const CRLF = '\r\n';

let servers: MailServers;
const open: Services[] = [];

beforeAll(async () => {
  servers = await startMailServers();
});

afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await servers?.stop();
  removeTestDirs();
});

/** The services on a data dir, as the app starts them (the same secret key as createTestServices, so a restart reads the password). */
function reopen(dir: string): Services {
  const s = createServices({
    dataDir: dir,
    platform: createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'b2'.repeat(32) }),
    host: 'browser',
    version: 'test',
    emit: () => undefined,
    headerWorkerScript: HEADER_WORKER_SOURCE,
    outbox: { retry: { attempts: 3, firstDelayMs: 20, maxDelayMs: 100 } },
  });
  open.push(s);
  s.sync.startAll();
  s.outbox.start();
  s.compose.start();
  return s;
}

/** Alice's mailbox as the team's support account, with an identity, and a customer mail from Bob turned into a ticket. */
async function supportWithTicket(subject: string, sending: AccountDraftInput['sending'] = {}) {
  const t = createTestServices({ outbox: { retry: { attempts: 3, firstDelayMs: 20, maxDelayMs: 100 } } });
  open.push(t.s);
  const { s } = t;
  s.team.saveProfile({ name: 'Alex Agent', phone: '+1 555 0100' });
  const identity = { senderName: 'Example Support', greeting: 'Hello {{customer.name}},', signature: 'Kind regards,\n{{agent.name}}\n{{agent.phone}}', bcc: 'carol@example.test' };
  const account = await s.accountLifecycle.add(NewAccountSchema.parse(testAccountInput(servers, alice, { key: 'SUP', identity, sending })));
  s.outbox.start();
  s.compose.start();
  const token = Math.random().toString(36).slice(2);
  await servers.deliver(
    alice.username,
    [
      'From: Bob Customer <bob@example.test>',
      'To: Support <alice@example.test>',
      `Subject: Re: ${subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <cust-${token}@customer.example>`,
      `References: <root-${token}@customer.example>`,
      '',
      'My printer prints <nothing> at all.',
      'Please help.',
      '',
    ].join(CRLF),
  );
  const ticket = await until('the ticket with its cached message', () => {
    const found = s.tickets.listTickets(TicketFilterSchema.parse({ text: subject }), 'lastActivity', true, 0, 5).items[0];
    // The log's own first events (this agent's profile and status) are read back too, so seenUid stays put.
    if (!found || s.team.log(account.id)?.status().pendingEvents !== 0) return false;
    const detail = s.tickets.getTicket(account.id, found.key);
    return detail.messages.some((m) => m.messageId !== null) && detail;
  });
  return { ...t, account, ticket, messageId: `<cust-${token}@customer.example>`, root: `<root-${token}@customer.example>` };
}

async function withMailbox<T>(user: TestUser, mailbox: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      return await work(client);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** The raw messages in a user's mailbox whose header has this value. */
function messagesWith(user: TestUser, mailbox: string, header: string, value: string): Promise<string[]> {
  return withMailbox(user, mailbox, async (client) => {
    const uids = (await client.search({ header: { [header]: value } }, { uid: true })) || [];
    const found: string[] = [];
    if (uids.length > 0) for await (const m of client.fetch(uids, { source: true }, { uid: true })) if (m.source) found.push(m.source.toString('utf8'));
    return found;
  });
}

function textOf(view: ComposeView): string {
  return view.draft.bodyHtml;
}

describe('starting a draft', () => {
  it('a reply from a ticket: the customer, the token, threading, greeting and signature with the agent, the quote', async () => {
    const { s, account, ticket, messageId, root } = await supportWithTicket('Printer broken');
    const view = await s.compose.startDraft({ kind: 'reply', ticket: { accountId: account.id, ticket: ticket.key } });
    const { draft } = view;
    expect(draft.accountId).toBe(account.id);
    expect(draft.to).toEqual([{ name: 'Bob Customer', address: bob.email }]);
    expect(draft.cc).toEqual([]);
    expect(draft.bcc).toEqual([{ name: '', address: 'carol@example.test' }]);
    expect(draft.subject).toBe(`Re: [#${ticket.token}] Printer broken`);
    expect(draft.inReplyTo).toBe(messageId);
    expect(draft.references).toEqual([root, messageId]);
    expect(textOf(view)).toContain('<p>Hello Bob Customer,</p>');
    expect(textOf(view)).toContain('Kind regards,<br>Alex Agent<br>+1 555 0100');
    expect(textOf(view)).toMatch(/Bob Customer wrote:<\/p><blockquote type="cite">My printer prints &lt;nothing&gt; at all\.<br>Please help\.<\/blockquote>/);
    expect(view.variables).toMatchObject({ 'customer.name': 'Bob Customer', 'agent.name': 'Alex Agent', 'ticket.token': ticket.token, 'account.email': alice.email });
    expect(view.seenUid).toBe(ticket.seenUid);
    expect(view.fromChoices.map((a) => [a.id, a.senderName, a.maxMessageBytes])).toEqual([[account.id, 'Example Support', 25 * 1024 * 1024]]);
    expect(s.compose.listDrafts({ accountId: account.id, ticket: ticket.key }).map((d) => d.id)).toEqual([draft.id]);

    const forward = await s.compose.startDraft({ kind: 'forward', ticket: { accountId: account.id, ticket: ticket.key } });
    expect(forward.draft.subject).toBe(`Fwd: [#${ticket.token}] Printer broken`);
    expect(forward.draft.to).toEqual([]);
    expect(textOf(forward)).toContain('---------- Forwarded message ----------<br>From: Bob Customer &lt;bob@example.test&gt;');

    // The same message answered from the Mail area answers its ticket: the token, the collision check's position.
    const cachedId = ticket.messages.find((m) => m.messageId !== null)?.messageId;
    if (!cachedId) throw new Error('the ticket has no cached message');
    const fromMail = await s.compose.startDraft({ kind: 'reply', messageId: cachedId });
    expect(fromMail.draft.ticket).toEqual({ accountId: account.id, key: ticket.key });
    expect(fromMail.draft.subject).toBe(`Re: [#${ticket.token}] Printer broken`);
    expect(fromMail.seenUid).toBe(ticket.seenUid);
  });
});

describe('drafts', () => {
  it('are copied to the Drafts folder (one copy, the newest), survive a restart with their attachments, and go from the server when deleted', async () => {
    const { s, dir, account, ticket } = await supportWithTicket('Toner empty');
    const started = await s.compose.startDraft({ kind: 'reply', ticket: { accountId: account.id, ticket: ticket.key } });
    const id = started.draft.id;
    s.compose.saveDraft({ ...started.draft, bodyHtml: '<p>First version</p>' });
    await until('the first server copy', () => s.compose.getDraft(id).serverSavedAt !== null);
    s.compose.saveDraft({ ...started.draft, bodyHtml: '<p>Second version</p>' });
    const { draft } = s.compose.addAttachment(id, { filename: 'invoice.txt', contentType: 'text/plain', content: Buffer.from('Invoice 42: paid') });
    expect(draft.attachments.map((a) => [a.filename, a.size])).toEqual([['invoice.txt', 16]]);

    let copies: string[] = [];
    await eventually(
      'one server copy with the second version and the attachment',
      async () => {
        copies = await messagesWith(alice, 'Drafts', DRAFT_HEADER, id);
        return copies.length === 1 && copies[0]!.includes('Second version') && copies[0]!.includes('invoice.txt');
      },
      30_000,
    );
    const parsed = await simpleParser(copies[0]!);
    expect(parsed.subject).toBe(`Re: [#${ticket.token}] Toner empty`);
    expect(parsed.inReplyTo).toBe(started.draft.inReplyTo);
    expect(parsed.attachments.map((a) => a.content.toString())).toEqual(['Invoice 42: paid']);

    // A restart: the draft, its attachment file (kept by the attachment collection) and the ticket's list of drafts are back.
    open.splice(open.indexOf(s), 1);
    await s.close();
    const again = reopen(dir);
    await again.housekeeping();
    expect(again.compose.listDrafts({ accountId: account.id, ticket: ticket.key }).map((d) => d.id)).toEqual([id]);
    const reopened = again.compose.getDraft(id);
    expect(reopened.draft.bodyHtml).toBe('<p>Second version</p>');
    expect(again.attachments.read(reopened.draft.attachments[0]!.sha256)?.toString()).toBe('Invoice 42: paid');

    expect(again.compose.deleteDraft(id)).toEqual({ deleted: true });
    expect(again.compose.listDrafts({ accountId: '', ticket: '' }).map((d) => d.id)).not.toContain(id);
    await eventually('the server copy removed', async () => (await messagesWith(alice, 'Drafts', DRAFT_HEADER, id)).length === 0, 30_000);
    await until('the local row gone once the copy is', () => again.store.drafts.get(id) === null);
  });

  it('a draft moved to another sending account moves its server copy along', async () => {
    const { s, account } = await supportWithTicket('Moving drafts');
    const sales = await s.accountLifecycle.add(NewAccountSchema.parse(testAccountInput(servers, bob, { name: 'Sales', key: 'SAL' })));
    const view = await s.compose.startDraft({ kind: 'new', accountId: account.id, contact: { name: 'Carol', address: 'carol@example.test' } });
    expect(view.fromChoices.map((a) => a.id).sort()).toEqual([account.id, sales.id].sort());
    s.compose.saveDraft({ ...view.draft, bodyHtml: '<p>From support</p>' });
    await eventually('the copy in Support’s Drafts', async () => (await messagesWith(alice, 'Drafts', DRAFT_HEADER, view.draft.id)).length === 1);
    s.compose.saveDraft({ ...view.draft, accountId: sales.id, bodyHtml: '<p>From sales</p>' });
    await eventually('the copy in Sales’ Drafts only', async () => {
      const [inSales, inSupport] = await Promise.all([messagesWith(bob, 'Drafts', DRAFT_HEADER, view.draft.id), messagesWith(alice, 'Drafts', DRAFT_HEADER, view.draft.id)]);
      return inSales.length === 1 && inSales[0]!.includes('From sales') && inSupport.length === 0;
    });
  });

  it('an attachment over the account’s limit is refused with the limit named', async () => {
    const { s, account } = await supportWithTicket('Scan too big', { maxMessageMb: 1 });
    const view = await s.compose.startDraft({ kind: 'new', accountId: account.id, contact: { name: 'Bob', address: bob.email } });
    expect(view.draft.to).toEqual([{ name: 'Bob', address: bob.email }]);
    expect(() => s.compose.addAttachment(view.draft.id, { filename: 'scan.pdf', contentType: 'application/pdf', content: Buffer.alloc(900_000) })).toThrow(
      /scan\.pdf \(0\.9 MB\) would make the mail about 1\.2 MB once encoded; this account sends at most 1 MB\./,
    );
    expect(s.compose.getDraft(view.draft.id).draft.attachments).toEqual([]);
  });
});

describe('sending', () => {
  it('a reply goes through the outbox once, threaded and wrapped; the draft goes with it', async () => {
    const { s, account, ticket, messageId } = await supportWithTicket('Paper jam', { undoSeconds: 0 });
    const started = await s.compose.startDraft({ kind: 'reply', ticket: { accountId: account.id, ticket: ticket.key } });
    s.compose.saveDraft({ ...started.draft, bodyHtml: started.draft.bodyHtml.replace('<p></p>', '<p>A technician comes on {{date}}.</p>') });
    const result = await s.compose.sendDraft(started.draft.id, { scheduleAt: null, ignoreCollision: false });
    if (result.outcome !== 'queued') throw new Error(`not queued: ${JSON.stringify(result)}`);
    expect(result.item).toMatchObject({ accountId: account.id, kind: 'reply', subject: `Re: [#${ticket.token}] Paper jam`, undoUntil: null });
    expect(s.compose.listDrafts({ accountId: account.id, ticket: ticket.key })).toEqual([]);

    const raw = await eventually('the reply in Bob’s inbox', async () => (await messagesWith(bob, 'INBOX', 'message-id', result.item.messageId))[0]);
    expect(await messagesWith(bob, 'INBOX', 'message-id', result.item.messageId)).toHaveLength(1);
    const mail = await simpleParser(raw);
    expect(mail.inReplyTo).toBe(messageId);
    expect(mail.subject).toBe(`Re: [#${ticket.token}] Paper jam`);
    expect(mail.html).toContain('A technician comes on ');
    expect(mail.html).not.toContain('{{date}}');
    expect(mail.html).toContain('Alex Agent');
    expect(mail.text).toContain('A technician comes on');
    await until('the draft gone once its mail left the queue', () => s.store.drafts.get(started.draft.id) === null);
    expect(() => s.compose.getDraft(started.draft.id)).toThrow(/no longer exists/);
  });

  it('nothing goes while the draft has problems: each at its field', async () => {
    const { s, account } = await supportWithTicket('Problems first');
    const view = await s.compose.startDraft({ kind: 'new', accountId: account.id });
    s.compose.saveDraft({ ...view.draft, bcc: [], bodyHtml: '<p>Dear {{customer.nme}}</p>' });
    const result = await s.compose.sendDraft(view.draft.id, { scheduleAt: null, ignoreCollision: false });
    expect(result).toEqual({
      outcome: 'invalid',
      problems: [
        { path: ['to'], message: 'Add at least one recipient.' },
        { path: ['bodyHtml'], message: '{{customer.nme}} is not a variable: check the spelling (for example {{customer.name}}).' },
      ],
    });
    expect(s.outbox.list({ states: [], accountId: '', text: '', ticket: '' }, 0, 10).total).toBe(0);
  });

  it('a colleague who took the ticket meanwhile stops the send once: the report names it, and sending again goes', async () => {
    const { s, account, ticket } = await supportWithTicket('Who answers?', { undoSeconds: 30 });
    const view = await s.compose.startDraft({ kind: 'reply', ticket: { accountId: account.id, ticket: ticket.key } });

    // Another installation of the team (its own agent and data dir) on the same mailbox takes the ticket.
    const other = createTestServices();
    open.push(other.s);
    other.s.team.saveProfile({ name: 'Bea Colleague' });
    const theirs = await other.s.accountLifecycle.add(NewAccountSchema.parse(testAccountInput(servers, alice, { key: 'SUP' })));
    await until('the colleague sees the ticket', () => {
      try {
        return other.s.tickets.getTicket(theirs.id, ticket.key);
      } catch {
        return false;
      }
    });
    other.s.tickets.ticketAction(theirs.id, ticket.key, { type: 'take' });
    await until('the take is in the log', () => other.s.team.log(theirs.id)!.pendingTickets().size === 0);

    const stopped = await s.compose.sendDraft(view.draft.id, { scheduleAt: null, ignoreCollision: false });
    if (stopped.outcome !== 'collision') throw new Error(`no collision: ${JSON.stringify(stopped)}`);
    expect(stopped.report.collided).toBe(true);
    expect(stopped.report.events.map((e) => [e.author.name, e.summary])).toEqual([['Bea Colleague', expect.stringMatching(/took/)]]);
    expect(s.compose.listDrafts({ accountId: account.id, ticket: ticket.key }).map((d) => d.id)).toEqual([view.draft.id]);

    // The agent saw the report and went back to the ticket: the same events do not stop the next send.
    const sent = await s.compose.sendDraft(view.draft.id, { scheduleAt: null, ignoreCollision: false });
    expect(sent.outcome).toBe('queued');
    if (sent.outcome === 'queued') s.outbox.cancel(sent.item.id);
  });

  it('undo brings the draft back; sending it again queues a new mail; cancelling it brings it back too', async () => {
    const { s, account, ticket } = await supportWithTicket('Undo me', { undoSeconds: 30 });
    const view = await s.compose.startDraft({ kind: 'reply', ticket: { accountId: account.id, ticket: ticket.key } });
    const first = await s.compose.sendDraft(view.draft.id, { scheduleAt: null, ignoreCollision: false });
    if (first.outcome !== 'queued') throw new Error('not queued');
    expect(first.item.undoUntil).toBeGreaterThan(Date.now());
    expect(() => s.compose.saveDraft(view.draft)).toThrow(/waits in the outbox/);

    expect(s.outbox.undo(first.item.id)).toEqual({ draftId: view.draft.id });
    expect(s.compose.getDraft(view.draft.id).draft.id).toBe(view.draft.id);
    expect(s.compose.listDrafts({ accountId: account.id, ticket: ticket.key }).map((d) => d.id)).toEqual([view.draft.id]);

    const second = await s.compose.sendDraft(view.draft.id, { scheduleAt: Date.now() + 3_600_000, ignoreCollision: false });
    if (second.outcome !== 'queued') throw new Error('not queued');
    expect(second.item.id).not.toBe(first.item.id);
    expect(second.item.undoUntil).toBeNull();
    s.outbox.cancel(second.item.id);
    expect(s.compose.listDrafts({ accountId: account.id, ticket: ticket.key }).map((d) => d.id)).toEqual([view.draft.id]);
  });
});
