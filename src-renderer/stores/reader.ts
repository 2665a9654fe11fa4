import { create } from 'zustand';
import type { ErrorInfo, MessageDetail, MessageSummary } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { LocalEdits } from './local-edits';

interface ReaderState {
  /** The message shown in the reading pane. */
  openId: string | null;
  detail: MessageDetail | null;
  loading: boolean;
  error: ErrorInfo | null;
  open(messageId: string): void;
  close(): void;
  /** messagesChanged: fetch again while the body is still on its way. */
  refreshIfIncomplete(mailboxId: string): void;
  /** A message whose detail arrived otherwise (downloaded on demand): shown if it is still the open one. */
  show(detail: MessageDetail): void;
  /** A flag change for the open message, shown at once. */
  patchDetail(messageId: string, change: Partial<MessageSummary>): void;
}

let request = 0;
/** Flags changed on screen, kept over a detail asked for before the change. */
const edits = new LocalEdits<MessageDetail>();

export const useReaderStore = create<ReaderState>()((set, get) => {
  const load = async (messageId: string, quiet: boolean) => {
    const mine = (request += 1);
    if (!quiet) set({ loading: true, error: null });
    const since = edits.stamp();
    try {
      const [detail] = edits.over([await bridge().getMessage({ messageId })], since);
      if (mine === request && get().openId === messageId) set({ detail, loading: false, error: null });
    } catch (err) {
      if (mine === request && get().openId === messageId && !quiet) set({ loading: false, error: toErrorInfo(err) });
    }
  };

  return {
    openId: null,
    detail: null,
    loading: false,
    error: null,

    open(messageId) {
      if (get().openId === messageId && (get().detail || get().loading)) return;
      set({ openId: messageId, detail: null });
      void load(messageId, false);
    },

    close() {
      request += 1;
      set({ openId: null, detail: null, loading: false, error: null });
    },

    show(detail) {
      if (get().openId === detail.id) set({ detail, loading: false, error: null });
    },

    patchDetail(messageId, change) {
      edits.record(messageId, change);
      const { detail } = get();
      if (detail && detail.id === messageId) set({ detail: { ...detail, ...change } });
    },

    refreshIfIncomplete(mailboxId) {
      const { openId, detail, error } = get();
      if (!openId) return;
      if (detail && detail.mailboxId === mailboxId && !detail.bodyLoaded) void load(openId, true);
      else if (error) void load(openId, true);
    },
  };
});
