import { useWorkspaceStore, type Workspace } from '../stores/workspace';
import { CrossIcon } from '../ui/icons';
import { Modal } from '../ui/Modal';
import { KeyCaps } from './KeyCaps';
import { PALETTE_KEY } from './keys';
import { COMMAND_GROUPS, COMMANDS, sequencesOf } from './registry';

const AREA_LABEL: Record<Workspace, string> = {
  tickets: 'Tickets',
  interactions: 'Interactions',
  mail: 'Mail',
  supervisor: 'Supervisor',
  reports: 'Reports',
  contacts: 'Contacts',
  outbox: 'Outbox',
};

const areasOf = (where: readonly Workspace[] | undefined): string => (where ? where.map((w) => AREA_LABEL[w]).join(', ') : 'everywhere');

/** Every shortcut of every workspace (?), from the registry the key handler runs. */
export function ShortcutsHelp() {
  const open = useWorkspaceStore((s) => s.helpOpen);
  const close = () => useWorkspaceStore.getState().setHelpOpen(false);
  const withKeys = COMMANDS.filter((c) => c.keys);
  return (
    <Modal open={open} onClose={close} labelledBy="shortcuts-title" className="dialog--shortcuts" testId="shortcuts-help">
      <div className="dialog__panel">
        <header className="dialog__header">
          <div>
            <h2 id="shortcuts-title" className="dialog__title">
              Keyboard shortcuts
            </h2>
            <p className="dialog__subtitle">
              They work whenever you are not typing in a field. Every action, with or without a key, is in the command palette: <KeyCaps keys={[PALETTE_KEY]} />
            </p>
          </div>
          <button type="button" className="icon-button" aria-label="Close" onClick={close}>
            <CrossIcon size={16} />
          </button>
        </header>
        <div className="dialog__body shortcuts">
          {COMMAND_GROUPS.map((group) => {
            const commands = withKeys.filter((c) => c.group === group);
            if (commands.length === 0) return null;
            // Where the keys work, said once for the group when its commands agree (they mostly do).
            const areas = [...new Set(commands.map((c) => areasOf(c.where)))];
            const shared = areas.length === 1 ? areas[0] : undefined;
            return (
              <section key={group} aria-labelledby={`shortcuts-${group}`}>
                <h3 id={`shortcuts-${group}`} className="shortcuts__group">
                  {group}
                  {shared && <span className="shortcuts__where"> · {shared}</span>}
                </h3>
                <dl className="shortcuts__list">
                  {commands.map((c) => (
                    <div key={c.id} className="shortcuts__row" data-testid="shortcut-row">
                      <dt>
                        {sequencesOf(c).map((keys, i) => (
                          <span key={keys.join(' ')}>
                            {i > 0 && <span className="keycaps__or">or</span>}
                            <KeyCaps keys={keys} />
                          </span>
                        ))}
                      </dt>
                      <dd>
                        {c.title}
                        {!shared && <span className="shortcuts__where"> · {areasOf(c.where)}</span>}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            );
          })}
        </div>
      </div>
    </Modal>
  );
}
