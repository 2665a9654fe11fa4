import { useEffect } from 'react';
import { useAccountsStore } from '../stores/accounts';
import { currentWorkspace, useWorkspaceStore } from '../stores/workspace';
import { isPaletteKey, keyIsForShortcuts } from './keys';
import { available, commandById, commandForKeys, currentContext, startsChord } from './registry';

/** How long a chord's first key (g) waits for the second. */
const CHORD_MS = 1500;

/**
 * The app's one keyboard handler: every shortcut goes through the command registry, in
 * whatever workspace is shown. Keys never fire while the agent types in a field or a
 * dialog is open; Ctrl/Cmd+K opens the palette from anywhere but another dialog.
 */
export function useCommandKeys(): void {
  useEffect(() => {
    let chord: { key: string; until: number } | null = null;
    const onKey = (event: KeyboardEvent) => {
      const workspace = currentWorkspace(useWorkspaceStore.getState().chosen, useAccountsStore.getState().accounts.length > 0);
      if (isPaletteKey(event)) {
        const store = useWorkspaceStore.getState();
        // The palette's own dialog is open: the same key closes it.
        if (document.querySelector('dialog[open]') && !store.paletteOpen) return;
        event.preventDefault();
        if (store.paletteOpen) store.setPaletteOpen(false);
        else commandById('app.palette').run(currentContext(workspace));
        return;
      }
      if (!keyIsForShortcuts(event)) return;
      const first = chord && Date.now() < chord.until ? chord.key : null;
      chord = null;
      const keys = first ? [first, event.key] : [event.key];
      const command = commandForKeys(keys, workspace);
      if (command) {
        const ctx = currentContext(workspace);
        if (!available(command, ctx)) return;
        event.preventDefault();
        command.run(ctx);
        return;
      }
      if (!first && startsChord(event.key, workspace)) {
        event.preventDefault();
        chord = { key: event.key, until: Date.now() + CHORD_MS };
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
