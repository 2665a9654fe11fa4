import { useWorkspaceStore } from '../../stores/workspace';
import { CrossIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { TICKET_SHORTCUTS } from './shortcuts';

const GROUPS = ['Move', 'Ticket', 'Views'] as const;

/** The keyboard shortcuts (?), from the same table the handler documents. */
export function ShortcutsHelp() {
  const open = useWorkspaceStore((s) => s.helpOpen);
  const close = () => useWorkspaceStore.getState().setHelpOpen(false);
  return (
    <Modal open={open} onClose={close} labelledBy="shortcuts-title" className="dialog--small" testId="shortcuts-help">
      <div className="dialog__panel">
        <header className="dialog__header">
          <div>
            <h2 id="shortcuts-title" className="dialog__title">
              Keyboard shortcuts
            </h2>
            <p className="dialog__subtitle">They work whenever you are not typing in a field.</p>
          </div>
          <button type="button" className="icon-button" aria-label="Close" onClick={close}>
            <CrossIcon size={16} />
          </button>
        </header>
        <div className="dialog__body shortcuts">
          {GROUPS.map((group) => (
            <section key={group} aria-labelledby={`shortcuts-${group}`}>
              <h3 id={`shortcuts-${group}`} className="shortcuts__group">
                {group}
              </h3>
              <dl className="shortcuts__list">
                {TICKET_SHORTCUTS.filter((s) => s.group === group).map((s) => (
                  <div key={s.keys.join('+')} className="shortcuts__row">
                    <dt>
                      {s.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && <span className="shortcuts__then">{s.keys[0] === 'Shift' ? '+' : 'then'}</span>}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{s.what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </Modal>
  );
}
