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
  openAdd(options?: AddOptions): void;
  openEdit(accountId: string, focus?: 'password'): void;
  close(): void;
}

export const useAccountEditorStore = create<AccountEditorState>()((set, get) => ({
  target: null,
  opened: 0,
  openAdd(options) {
    set({ target: { mode: 'add', ...options }, opened: get().opened + 1 });
  },
  openEdit(accountId, focus) {
    set({ target: focus ? { mode: 'edit', accountId, focus } : { mode: 'edit', accountId }, opened: get().opened + 1 });
  },
  close() {
    set({ target: null });
  },
}));
