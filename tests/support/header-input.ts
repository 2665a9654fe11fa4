/** A message's header as the sync hands it to the store, for unit tests on a real store. */
import type { HeaderInput } from '../../src-main/services/sync/message-input';

export const headerInput = (uid: number, over: Partial<HeaderInput> = {}): HeaderInput => ({
  uid,
  messageId: `<${uid}@example.test>`,
  inReplyTo: null,
  references: [],
  headers: null,
  subject: `Subject ${uid}`,
  from: { name: 'Ann', address: 'ann@example.test' },
  to: [],
  cc: [],
  replyTo: [],
  date: 1_700_000_000_000 + uid * 1000,
  flags: [],
  size: 100,
  hasAttachments: false,
  contentHash: `hash-${uid}`,
  gmMsgId: null,
  skip: null,
  ...over,
});
