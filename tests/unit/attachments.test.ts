/**
 * Attachment files are shared between messages and accounts: deleting an account
 * removes only the files no remaining message references, and a collection never
 * removes a file whose row is being committed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraftSchema } from '../../src-preload/contract';
import { AccountService } from '../../src-main/services/accounts/account-service';
import { OAuthService } from '../../src-main/services/auth/oauth-service';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { openStore, type Store } from '../../src-main/services/store';
import { AttachmentStore } from '../../src-main/services/store/attachments';

let dir: string;
let store: Store;
let files: AttachmentStore;
let accounts: AccountService;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-attachments-'));
  store = openStore(dir);
  files = new AttachmentStore(dir);
  const platform = createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'd4'.repeat(32) });
  accounts = new AccountService(store, platform.secrets, new OAuthService(platform.secrets, platform.oauthAgent), files);
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function addAccount(id: string): number {
  const { password: _p, oauthSession: _o, ...settings } = AccountDraftSchema.parse({
    name: id,
    email: `${id}@example.test`,
    username: `${id}@example.test`,
    imap: { host: 'imap.example.test', port: 993, security: 'tls' },
    smtp: { host: 'smtp.example.test', port: 465, security: 'tls' },
  });
  store.accounts.insert(id, settings);
  store.mailboxes.upsertAll(id, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null }]);
  const box = store.mailboxes.byPath(id, 'INBOX');
  if (!box) throw new Error('no inbox');
  store.mailboxes.setSyncState(box.id, { uidvalidity: 1, uidNext: null, highestModseq: null });
  return box.id;
}

let nextUid = 1;
/** Stores a message in the mailbox whose body names these attachment contents, as the sync does. */
function addMessage(mailboxId: number, accountId: string, contents: string[]): { id: number; shas: string[] } {
  const uid = nextUid++;
  store.messages.upsertHeaders(
    mailboxId,
    1,
    [
      {
        uid,
        messageId: `<${uid}@example.test>`,
        inReplyTo: null,
        references: [],
        headers: null,
        subject: `Message ${uid}`,
        from: { name: 'Ann', address: 'ann@example.test' },
        to: [],
        cc: [],
        replyTo: [],
        date: 1_700_000_000_000 + uid,
        flags: [],
        size: 100,
        hasAttachments: true,
        contentHash: `hash-${uid}`,
        gmMsgId: null,
        skip: null,
      },
    ],
    { accountId, dedupe: false, adopt: false },
  );
  const pending = store.messages.withoutBody(mailboxId, 1, 100).find((p) => p.uid === uid);
  if (!pending) throw new Error('message not stored');
  const shas = contents.map((c) => files.put(Buffer.from(c)));
  setAttachments(pending.id, shas);
  return { id: pending.id, shas };
}

function setAttachments(messageId: number, shas: string[]): void {
  store.messages.setBody(messageId, {
    text: 'see attached',
    html: null,
    snippet: 'see attached',
    attachments: shas.map((sha256, i) => ({ filename: `file-${i}.bin`, contentType: 'application/octet-stream', size: 10, sha256 })),
    parseWarnings: [],
  }, null);
}

const exists = (sha256: string) => fs.existsSync(files.pathOf(sha256));

describe('attachment files', () => {
  it('deleting an account removes its own files and keeps those another account still references', async () => {
    const a1 = addAccount('a1');
    const a2 = addAccount('a2');
    const [onlyA1, shared] = addMessage(a1, 'a1', ['only in a1', 'sent to both']).shas as [string, string];
    const [alsoA1] = addMessage(a1, 'a1', ['only in a1, second message']).shas as [string];
    const [onlyA2] = addMessage(a2, 'a2', ['only in a2']).shas as [string];
    addMessage(a2, 'a2', ['sent to both']);
    expect(store.attachmentRefs.referenced()).toEqual(new Set([onlyA1, shared, alsoA1, onlyA2]));

    await accounts.delete('a1');

    expect(store.accounts.get('a1')).toBeNull();
    expect([onlyA1, alsoA1].map(exists)).toEqual([false, false]);
    expect([shared, onlyA2].map(exists)).toEqual([true, true]);
    expect(files.read(shared)?.toString()).toBe('sent to both');

    await accounts.delete('a2');
    expect([shared, onlyA2].map(exists)).toEqual([false, false]);
    expect(fs.readdirSync(path.join(dir, 'attachments'))).toEqual([]);
  });

  it('a kill between deleting the rows and the files leaves only unreferenced files, which the next collection removes', async () => {
    const a1 = addAccount('a1');
    const a2 = addAccount('a2');
    const [gone] = addMessage(a1, 'a1', ['orphaned by the kill']).shas as [string];
    const [kept] = addMessage(a2, 'a2', ['still needed']).shas as [string];
    // Rows deleted, then the process died: no collection ran.
    store.accounts.delete('a1');
    expect(exists(gone)).toBe(true);
    // A write killed before its rename, long ago, and one that may still be in progress.
    const stale = `${files.pathOf(kept)}.123.abcd.tmp`;
    const fresh = `${files.pathOf(kept)}.456.ef01.tmp`;
    fs.writeFileSync(stale, 'half');
    fs.writeFileSync(fresh, 'half');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(stale, anHourAgo, anHourAgo);

    await accounts.collectAttachments();

    expect(exists(gone)).toBe(false);
    expect(exists(kept)).toBe(true);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
  });

  it('keeps a file stored just before the collection whose row is committed right after, as the sync does', async () => {
    const a1 = addAccount('a1');
    const { id } = addMessage(a1, 'a1', []);
    // The sync parsed a body and stored its attachment; a collection starts before the row is written.
    const sha = files.put(Buffer.from('just parsed'));
    const collecting = files.collectGarbage(() => store.attachmentRefs.referenced());
    await Promise.resolve();
    setAttachments(id, [sha]);
    await collecting;
    expect(exists(sha)).toBe(true);
  });

  it("keeps a message's original source (exports write it) until its row goes", async () => {
    const a1 = addAccount('a1');
    const { id } = addMessage(a1, 'a1', []);
    const raw = files.put(Buffer.from('Subject: kept as the server held it\r\n\r\nbody\r\n'));
    store.messages.setRaw(id, raw);
    expect(store.messages.rawOf(id)).toBe(raw);
    await accounts.collectAttachments();
    expect(exists(raw)).toBe(true);
    await accounts.delete('a1');
    expect(exists(raw)).toBe(false);
  });

  it('removes nothing when the references cannot be read', async () => {
    const a1 = addAccount('a1');
    const { shas } = addMessage(a1, 'a1', ['content']);
    store.accounts.delete('a1');
    await expect(
      files.collectGarbage(() => {
        throw new Error('database is locked');
      }),
    ).rejects.toThrow('database is locked');
    expect(shas.map(exists)).toEqual([true]);
    // The account service logs it and carries on; the next collection removes the file.
    await accounts.collectAttachments();
    expect(shas.map(exists)).toEqual([false]);
  });
});
