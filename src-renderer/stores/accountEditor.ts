import { create } from 'zustand';
import type { AccountDraftInput } from '../../src-preload/contract';

/** How a new account signs in; the add flow starts with a choice among these. */
export type ProviderChoice = 'google' | 'microsoft' | 'preset' | 'oauth' | 'manual';

export interface AddOptions {
  /** Prefill from copyAccount: the form opens directly with the copy's settings. */
  copyOf?: { name: string; draft: AccountDraftInput };
  /** Skip the chooser and open this kind of form (the way back to the chooser stays). */
  start?: ProviderChoice;
}

/** What the account editor shows: the add flow or one account's settings. */
export type EditorTarget = ({ mode: 'add' } & AddOptions) | { mode: 'edit'; accountId: string; focus?: 'password' };

interface AccountEditorState {
  target: EditorTarget | null;
  /** Bumps on every opening so the editor mounts fresh even for the same target. */
  opened: number;
  /** The form differs from what it opened with. */
  dirty: boolean;
  /** "Discard changes?" is showing. */
  confirmingDiscard: boolean;
  /** What Discard then does: close the editor, or go back to the sign-in methods. */
  onDiscard: (() => void) | null;
  openAdd(options?: AddOptions): void;
  openEdit(accountId: string, focus?: 'password'): void;
  setDirty(dirty: boolean): void;
  /** Leaving the form (`leave`) happens at once, or first asks when there are unsaved changes. */
  requestLeave(leave: () => void): void;
  /** Close button, Cancel, Escape: requestLeave with closing the editor. */
  requestClose(): void;
  keepEditing(): void;
  /** The admin chose Discard: the leave that asked goes ahead. */
  discard(): void;
  /** Closes without asking (after a save). */
  close(): void;
}

const CLOSED = { target: null, dirty: false, confirmingDiscard: false, onDiscard: null } as const;

export const useAccountEditorStore = create<AccountEditorState>()((set, get) => ({
  ...CLOSED,
  opened: 0,
  openAdd(options) {
    set({ ...CLOSED, target: { mode: 'add', ...options }, opened: get().opened + 1 });
  },
  openEdit(accountId, focus) {
    set({ ...CLOSED, target: focus ? { mode: 'edit', accountId, focus } : { mode: 'edit', accountId }, opened: get().opened + 1 });
  },
  setDirty(dirty) {
    if (get().dirty !== dirty) set({ dirty });
  },
  requestLeave(leave) {
    if (get().dirty) set({ confirmingDiscard: true, onDiscard: leave });
    else leave();
  },
  requestClose() {
    if (get().target) get().requestLeave(() => set(CLOSED));
  },
  keepEditing() {
    set({ confirmingDiscard: false, onDiscard: null });
  },
  discard() {
    const leave = get().onDiscard;
    set({ confirmingDiscard: false, onDiscard: null, dirty: false });
    leave?.();
  },
  close() {
    set(CLOSED);
  },
}));
