import { create } from 'zustand';

/** What the main window shows: the ticket queues, the interactions list, the mail folders, the supervisor's counts, the reports, the contacts, or the outgoing mail log. */
export type Workspace = 'tickets' | 'interactions' | 'mail' | 'supervisor' | 'reports' | 'contacts' | 'outbox';

interface WorkspaceState {
  /** Null until the agent chose: then the window follows whether any account exists (Tickets once one does). */
  chosen: Workspace | null;
  show(workspace: Workspace): void;
  /** The keyboard shortcuts help (opened with ?). */
  helpOpen: boolean;
  setHelpOpen(open: boolean): void;
  /** The command palette (Ctrl/Cmd+K). */
  paletteOpen: boolean;
  setPaletteOpen(open: boolean): void;
}

const WORKSPACES: readonly Workspace[] = ['tickets', 'interactions', 'mail', 'supervisor', 'reports', 'contacts', 'outbox'];

/** An address may name the area to open, e.g. …/#/mail (a bookmark, a link from a notification). */
export function workspaceFromHash(hash: string): Workspace | null {
  const name = /^#\/([a-z]+)$/.exec(hash)?.[1];
  return WORKSPACES.find((w) => w === name) ?? null;
}

/** The settings page (its own window in Electron, #/settings in the browser host). */
export function isSettingsRoute(hash: string): boolean {
  return hash.startsWith('#/settings');
}

export const useWorkspaceStore = create<WorkspaceState>()((set) => ({
  chosen: typeof location === 'undefined' ? null : workspaceFromHash(location.hash),
  show(workspace) {
    set({ chosen: workspace });
  },
  helpOpen: false,
  setHelpOpen(open) {
    set({ helpOpen: open });
  },
  paletteOpen: false,
  setPaletteOpen(open) {
    set({ paletteOpen: open });
  },
}));

/**
 * A later address names the area too (a typed #/mail, a link, Back from #/settings in the
 * browser host), not only the one the page opened on.
 */
export function followAddress(target: Pick<Window, 'addEventListener' | 'location'>): void {
  target.addEventListener('hashchange', () => {
    const workspace = workspaceFromHash(target.location.hash);
    if (workspace) useWorkspaceStore.getState().show(workspace);
  });
}

/** Tickets is the agent's daily view; with no account there is nothing to queue, so the mail view (and its "Add account") shows. */
export function currentWorkspace(chosen: Workspace | null, hasAccounts: boolean): Workspace {
  if (!hasAccounts) return 'mail';
  return chosen ?? 'tickets';
}
