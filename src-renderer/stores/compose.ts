import { create } from 'zustand';
import type { CollisionReport, ComposeView, Draft, DraftProblem, DraftSummary, ErrorInfo, OutboxItem } from '../../src-preload/contract';
import type { z } from 'zod';
import type { composeChannels } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';
import { formatSize } from '../lib/format';
import { announcePresence } from './tickets';
import { useToastsStore } from './toasts';

export type StartDraftRequest = z.input<(typeof composeChannels)['startDraft']['request']>;

/** How the draft's text reached disk: idle before the first edit, then saving → saved (or failed). */
export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/** Autosave waits for a pause in typing this long. */
export const AUTOSAVE_MS = 800;

interface ComposeState {
  view: ComposeView | null;
  opening: boolean;
  openError: ErrorInfo | null;
  saveState: SaveState;
  savedAt: number | null;
  saveError: ErrorInfo | null;
  /** sendDraft's problems, shown at their fields until the field is edited. */
  problems: DraftProblem[];
  collision: CollisionReport | null;
  sending: boolean;
  sendError: ErrorInfo | null;
  /** Files being read and stored, by name. */
  attaching: string[];
  attachProblem: string | null;
  /** The mail just queued, while its undo window lasts. */
  undoable: OutboxItem | null;
  /** Drafts of the open ticket (or none), for "Continue your draft". */
  ticketDrafts: DraftSummary[];

  start(request: StartDraftRequest): Promise<void>;
  open(draftId: string): Promise<void>;
  edit(patch: Partial<Omit<Draft, 'id' | 'updatedAt'>>): void;
  flush(): Promise<boolean>;
  /** Saves and closes: the draft stays for later. */
  close(): Promise<void>;
  discard(): Promise<void>;
  addFiles(files: File[]): Promise<void>;
  removeAttachment(attachmentId: string): Promise<void>;
  send(options?: { scheduleAt?: number | null; ignoreCollision?: boolean }): Promise<void>;
  dismissCollision(): void;
  undoSend(): Promise<void>;
  dismissUndo(): void;
  loadTicketDrafts(ref: { accountId: string; ticket: string } | null): Promise<void>;
  /** A draft changed elsewhere (saved to the server, restored by undo, removed when sent). */
  draftsChanged(accountId: string): void;
}

let saveTimer: ReturnType<typeof setTimeout> | null = null;
/** Bumped by every edit: a save answers for the edit it carried, not a later one. */
let editSeq = 0;
let ticketDraftsFor: { accountId: string; ticket: string } | null = null;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

function ticketRefOf(view: ComposeView | null): { accountId: string; ticket: string } | null {
  const t = view?.draft.ticket;
  return t ? { accountId: t.accountId, ticket: t.key } : null;
}

/** The problems whose path starts with one of these fields are solved by editing them. */
function withoutProblemsAt(problems: DraftProblem[], fields: string[]): DraftProblem[] {
  return problems.filter((p) => !fields.includes(String(p.path[0])));
}

export const useComposeStore = create<ComposeState>()((set, get) => {
  const cancelTimer = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
  };

  const show = (view: ComposeView) => {
    cancelTimer();
    set({
      view,
      opening: false,
      openError: null,
      saveState: 'idle',
      savedAt: view.draft.updatedAt,
      saveError: null,
      problems: [],
      collision: null,
      sendError: null,
      attachProblem: null,
    });
    const ref = ticketRefOf(view);
    if (ref) announcePresence(ref, 'replying');
  };

  const hide = () => {
    cancelTimer();
    const ref = ticketRefOf(get().view);
    set({ view: null, problems: [], collision: null, sendError: null, attachProblem: null });
    if (ref) announcePresence(ref, 'viewing');
    void get().loadTicketDrafts(ticketDraftsFor);
  };

  const openWith = async (load: () => Promise<ComposeView>) => {
    if (get().view) await get().close();
    set({ opening: true, openError: null });
    try {
      show(await load());
    } catch (err) {
      set({ opening: false, openError: toErrorInfo(err) });
      useToastsStore.getState().push({ kind: 'error', title: 'The draft could not be opened', error: toErrorInfo(err), testId: 'compose-open-error' });
    }
  };

  return {
    view: null,
    opening: false,
    openError: null,
    saveState: 'idle',
    savedAt: null,
    saveError: null,
    problems: [],
    collision: null,
    sending: false,
    sendError: null,
    attaching: [],
    attachProblem: null,
    undoable: null,
    ticketDrafts: [],

    start: (request) => openWith(() => bridge().startDraft(request)),
    open: (draftId) => openWith(() => bridge().getDraft({ id: draftId })),

    edit(patch) {
      const view = get().view;
      if (!view) return;
      editSeq += 1;
      set({
        view: { ...view, draft: { ...view.draft, ...patch } },
        saveState: 'pending',
        problems: withoutProblemsAt(get().problems, Object.keys(patch)),
        sendError: null,
      });
      cancelTimer();
      saveTimer = setTimeout(() => void get().flush(), AUTOSAVE_MS);
    },

    async flush() {
      cancelTimer();
      const view = get().view;
      if (!view) return true;
      if (get().saveState !== 'pending' && get().saveState !== 'failed') return true;
      const seq = editSeq;
      set({ saveState: 'saving' });
      try {
        const { savedAt } = await bridge().saveDraft({ draft: view.draft });
        // An edit made while saving keeps 'pending': its own save follows.
        if (seq === editSeq && get().view?.draft.id === view.draft.id) set({ saveState: 'saved', savedAt, saveError: null });
        return true;
      } catch (err) {
        if (get().view?.draft.id === view.draft.id) set({ saveState: 'failed', saveError: toErrorInfo(err) });
        return false;
      }
    },

    async close() {
      if (!get().view) return;
      const saved = await get().flush();
      if (!saved) return; // The composer stays open and says why it could not save.
      hide();
    },

    async discard() {
      const view = get().view;
      if (!view) return;
      cancelTimer();
      try {
        await bridge().deleteDraft({ id: view.draft.id });
        hide();
      } catch (err) {
        set({ saveError: toErrorInfo(err), saveState: 'failed' });
      }
    },

    async addFiles(files) {
      const view = get().view;
      if (!view) return;
      const limit = view.fromChoices.find((a) => a.id === view.draft.accountId)?.maxMessageBytes ?? null;
      let used = view.draft.attachments.reduce((sum, a) => sum + a.size, 0);
      const refused: string[] = [];
      const accepted: File[] = [];
      for (const file of files) {
        // Base64 makes attachments about a third larger in the mail.
        if (limit !== null && Math.ceil((used + file.size) * 4 / 3) > limit) {
          refused.push(`“${file.name}” (${formatSize(file.size)}) would make the mail larger than this account’s limit of ${formatSize(limit)}: share it as a link, or raise the limit in the account’s Sending settings.`);
        } else {
          used += file.size;
          accepted.push(file);
        }
      }
      set({ attachProblem: refused.length ? refused.join(' ') : null, attaching: [...get().attaching, ...accepted.map((f) => f.name)] });
      for (const file of accepted) {
        try {
          const dataBase64 = await readBase64(file);
          const { draft } = await bridge().addDraftAttachment({
            draftId: view.draft.id,
            filename: file.name,
            contentType: file.type || 'application/octet-stream',
            dataBase64,
          });
          const current = get().view;
          if (current?.draft.id === draft.id) {
            set({ view: { ...current, draft: { ...current.draft, attachments: draft.attachments } }, problems: withoutProblemsAt(get().problems, ['attachments']) });
          }
        } catch (err) {
          const info = toErrorInfo(err);
          set({ attachProblem: `“${file.name}” was not attached: ${info.cause} ${info.fix}` });
        } finally {
          const attaching = [...get().attaching];
          attaching.splice(attaching.indexOf(file.name), 1);
          set({ attaching });
        }
      }
    },

    async removeAttachment(attachmentId) {
      const view = get().view;
      if (!view) return;
      try {
        const { draft } = await bridge().removeDraftAttachment({ draftId: view.draft.id, attachmentId });
        const current = get().view;
        if (current?.draft.id === draft.id) set({ view: { ...current, draft: { ...current.draft, attachments: draft.attachments } }, attachProblem: null });
      } catch (err) {
        const info = toErrorInfo(err);
        set({ attachProblem: `The file was not removed: ${info.cause} ${info.fix}` });
      }
    },

    async send(options = {}) {
      const view = get().view;
      if (!view || get().sending) return;
      set({ sending: true, sendError: null });
      try {
        if (!(await get().flush())) return;
        const result = await bridge().sendDraft({ id: view.draft.id, scheduleAt: options.scheduleAt ?? null, ignoreCollision: options.ignoreCollision ?? false });
        if (result.outcome === 'invalid') {
          set({ problems: result.problems, collision: null });
        } else if (result.outcome === 'collision') {
          set({ collision: result.report });
        } else {
          hide();
          const item = result.item;
          if (item.undoUntil !== null && item.undoUntil > Date.now()) set({ undoable: item });
          else
            useToastsStore.getState().push({
              kind: 'success',
              title: options.scheduleAt ? `Scheduled for ${new Date(item.sendAfter).toLocaleString()}` : 'Sending',
              text: 'The Outbox shows it until it has gone.',
              testId: 'compose-queued',
            });
        }
      } catch (err) {
        set({ sendError: toErrorInfo(err) });
      } finally {
        set({ sending: false });
      }
    },

    dismissCollision() {
      set({ collision: null });
    },

    async undoSend() {
      const item = get().undoable;
      if (!item) return;
      set({ undoable: null });
      try {
        const { draftId } = await bridge().undoSend({ id: item.id });
        await get().open(draftId);
      } catch (err) {
        useToastsStore.getState().push({ kind: 'error', title: 'Too late to undo', error: toErrorInfo(err), testId: 'undo-send-error' });
      }
    },

    dismissUndo() {
      set({ undoable: null });
    },

    async loadTicketDrafts(ref) {
      ticketDraftsFor = ref;
      if (!ref) return set({ ticketDrafts: [] });
      try {
        const drafts = await bridge().listDrafts({ accountId: ref.accountId, ticket: ref.ticket });
        if (ticketDraftsFor === ref) set({ ticketDrafts: drafts });
      } catch (err) {
        // The banner is a shortcut back to a draft; the Drafts are still in the server's folder and the list.
        console.warn('drafts of the ticket not listed', toErrorInfo(err).cause);
      }
    },

    draftsChanged(accountId) {
      if (ticketDraftsFor?.accountId === accountId) void get().loadTicketDrafts(ticketDraftsFor);
      const view = get().view;
      if (!view || view.draft.accountId !== accountId) return;
      // Only the server copy's time: the text on screen is newer than anything saved.
      void bridge()
        .getDraft({ id: view.draft.id })
        .then(
          (fresh) => {
            const current = get().view;
            if (current?.draft.id === fresh.draft.id) set({ view: { ...current, serverSavedAt: fresh.serverSavedAt } });
          },
          () => undefined, // Sent or discarded meanwhile: nothing to show.
        );
    },
  };
});
