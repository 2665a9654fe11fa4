import { Command as Cmdk } from 'cmdk';
import { useState } from 'react';
import { useAccountsStore } from '../stores/accounts';
import { currentWorkspace, useWorkspaceStore } from '../stores/workspace';
import { Modal } from '../ui/Modal';
import { KeyCaps } from './KeyCaps';
import { sequenceLabel } from './keys';
import { available, COMMAND_GROUPS, COMMANDS, currentContext, type Command } from './registry';

/**
 * The dialog's own focusing (showModal) picks the element marked autofocus; React's autoFocus
 * only calls focus() while the dialog is still closed, which does nothing.
 */
const markAutofocus = (input: HTMLInputElement | null) => input?.setAttribute('autofocus', '');

/** The actions that can run where the palette was opened, read once when it opens. */
function PaletteBody({ onDone }: { onDone(): void }) {
  const hasAccounts = useAccountsStore((s) => s.accounts.length > 0);
  const [ctx] = useState(() => currentContext(currentWorkspace(useWorkspaceStore.getState().chosen, hasAccounts)));
  const commands = COMMANDS.filter((c) => c.id !== 'app.palette' && available(c, ctx));
  const choose = (command: Command) => {
    onDone();
    command.run(ctx);
  };
  return (
    <Cmdk label="Command palette" className="palette" loop>
      <div className="palette__search">
        <Cmdk.Input className="palette__input" placeholder="Type a command: reply, close, go to…" aria-label="Command" data-testid="palette-input" ref={markAutofocus} />
      </div>
      <Cmdk.List className="palette__list" data-testid="palette-list">
        <Cmdk.Empty className="palette__empty">No command matches. Try fewer letters, or press Esc and use ? to see the shortcuts.</Cmdk.Empty>
        {COMMAND_GROUPS.map((group) => {
          const items = commands.filter((c) => c.group === group);
          if (items.length === 0) return null;
          return (
            <Cmdk.Group key={group} heading={group} className="palette__group">
              {items.map((c) => (
                <Cmdk.Item key={c.id} value={c.title} keywords={[group, ...(c.keys ? [sequenceLabel(c.keys)] : [])]} className="palette__item" data-testid={`palette-${c.id}`} onSelect={() => choose(c)}>
                  <span className="palette__title">{c.title}</span>
                  {c.keys && <KeyCaps keys={c.keys} />}
                </Cmdk.Item>
              ))}
            </Cmdk.Group>
          );
        })}
      </Cmdk.List>
    </Cmdk>
  );
}

/** Ctrl/Cmd+K: every action that applies here, with its shortcut; type to narrow, Enter runs it. */
export function CommandPalette() {
  const open = useWorkspaceStore((s) => s.paletteOpen);
  const close = () => useWorkspaceStore.getState().setPaletteOpen(false);
  return (
    <Modal open={open} onClose={close} labelledBy="palette-title" className="dialog--palette" testId="command-palette">
      <h2 id="palette-title" className="visually-hidden">
        Command palette
      </h2>
      <PaletteBody onDone={close} />
    </Modal>
  );
}
