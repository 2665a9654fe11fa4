import type { MessageSummary } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { findMailbox, useMailboxesStore } from './mailboxes';
import { useMessagesStore } from './messages';
import { PAGE_SIZE } from './paged-list';
import { useReaderStore } from './reader';
import { useToastsStore } from './toasts';

type FlagChange = { seen?: boolean; flagged?: boolean };

function applyLocally(messageId: string, change: Partial<MessageSummary>): void {
  useMessagesStore.getState().patchRow(messageId, change);
  useReaderStore.getState().patchDetail(messageId, change);
}

/** Folder unread counts live on the folders: reload the folders of the message's account. */
export function refreshCounts(mailboxId: string): void {
  const mailboxes = useMailboxesStore.getState();
  const mailbox = findMailbox(mailboxes, mailboxId);
  if (mailbox) void mailboxes.loadFor(mailbox.accountId);
}

/** Per message, the last change made on screen: an answer to an earlier one must not undo it (u pressed twice quickly). */
const lastChange = new Map<string, number>();
let changes = 0;

/**
 * Read/unread and flag: the list and reader change at once, the cache follows
 * through setMessageFlags (which queues the change for the server).
 */
export async function setMessageFlags(message: Pick<MessageSummary, 'id' | 'mailboxId' | 'seen' | 'flagged'>, change: FlagChange): Promise<void> {
  const before: Partial<MessageSummary> = {};
  if (change.seen !== undefined) before.seen = message.seen;
  if (change.flagged !== undefined) before.flagged = message.flagged;
  const mine = (changes += 1);
  lastChange.set(message.id, mine);
  const latest = () => lastChange.get(message.id) === mine;
  applyLocally(message.id, change);
  try {
    const summary = await bridge().setMessageFlags({ messageId: message.id, ...change });
    if (latest()) applyLocally(message.id, { seen: summary.seen, flagged: summary.flagged });
    refreshCounts(summary.mailboxId);
  } catch (err) {
    if (latest()) applyLocally(message.id, before);
    useToastsStore.getState().push({ kind: 'error', title: 'The message could not be changed', error: toErrorInfo(err) });
  } finally {
    if (latest()) lastChange.delete(message.id);
  }
}

/** The message `u` and `s` act on: the open one, else the highlighted row. */
export function currentMessage(): Pick<MessageSummary, 'id' | 'mailboxId' | 'seen' | 'flagged'> | null {
  const { detail } = useReaderStore.getState();
  if (detail) return detail;
  const list = useMessagesStore.getState();
  if (list.cursor < 0) return null;
  const page = list.pages[Math.floor(list.cursor / PAGE_SIZE)];
  return page?.items.find((m) => m.id === list.cursorId) ?? null;
}

export function toggleRead(): void {
  const message = currentMessage();
  if (message) void setMessageFlags(message, { seen: !message.seen });
}

export function toggleFlag(): void {
  const message = currentMessage();
  if (message) void setMessageFlags(message, { flagged: !message.flagged });
}
