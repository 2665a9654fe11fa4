import { useEffect, useRef, useState } from 'react';
import type { AccountSettings, AccountSummary, ErrorInfo } from '../../../src-preload/contract';
import type { ProviderPreset } from '../../../src-preload/providers';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { useAccountEditorStore, type EditorTarget } from '../../stores/accountEditor';
import { useAccountsStore } from '../../stores/accounts';
import { ErrorBox } from '../../ui/ErrorBox';
import { ArrowLeftIcon, CrossIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';
import { AccountForm } from './AccountForm';
import { useStatusStore } from '../../stores/status';
import { fieldsForKind, fieldsFromDraft, KIND_LABEL, type DraftFields } from './draft';
import { ProviderChooser, type ProviderChoice } from './ProviderChooser';
import type { Busy } from './useAccountForm';

const TITLE_ID = 'account-editor-title';
const DISCARD_TITLE_ID = 'discard-changes-title';

const CHOICE_TITLE: Record<ProviderChoice, { title: string; subtitle: string }> = {
  google: { title: 'Add a Google account', subtitle: 'Sign in with Google, then choose what to import.' },
  microsoft: { title: 'Add a Microsoft 365 / Outlook account', subtitle: 'Sign in with Microsoft, then choose what to import.' },
  preset: { title: 'Add an account from a known provider', subtitle: 'Pick the provider, then enter the address and the password.' },
  oauth: { title: 'Add an account with OAuth / OpenID Connect', subtitle: 'Enter your identity provider’s settings and sign in.' },
  manual: { title: 'Connect a shared mailbox', subtitle: 'Enter the IMAP and SMTP settings from your mail provider. Mailroom tests them before saving.' },
};

function initialFor(choice: ProviderChoice): DraftFields {
  if (choice === 'google' || choice === 'microsoft' || choice === 'oauth') {
    return fieldsForKind(choice, useStatusStore.getState().status?.oauthDefaults);
  }
  return fieldsForKind('imap');
}

function Header({ title, subtitle, onBack, onClose }: { title: string; subtitle: string; onBack?: () => void; onClose(): void }) {
  return (
    <header className="dialog__header">
      <div className="dialog__heading">
        {onBack && (
          <button type="button" className="link-button dialog__back" data-testid="editor-back" onClick={onBack}>
            <ArrowLeftIcon size={13} /> All sign-in methods
          </button>
        )}
        <h2 id={TITLE_ID} className="dialog__title">
          {title}
        </h2>
        <p className="dialog__subtitle">{subtitle}</p>
      </div>
      <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
        <CrossIcon size={16} />
      </button>
    </header>
  );
}

interface FlowProps {
  onSaved(account: AccountSummary): void;
  onClose(): void;
  onBusyChange(busy: Busy): void;
  onDirtyChange(dirty: boolean): void;
}

function AddFlow({ target, onSaved, onClose, onBusyChange, onDirtyChange }: FlowProps & { target: Extract<EditorTarget, { mode: 'add' }> }) {
  const [choice, setChoice] = useState<ProviderChoice | null>(target.start ?? null);
  const [preset, setPreset] = useState<ProviderPreset | null>(null);
  const requestLeave = useAccountEditorStore((s) => s.requestLeave);

  if (target.copyOf) {
    const initial = fieldsFromDraft(target.copyOf.draft);
    return (
      <>
        <Header
          title={`Add a copy of ${target.copyOf.name}`}
          subtitle={
            initial.kind === 'imap'
              ? 'Servers, import and identity settings are copied. Enter the new mailbox’s address and password.'
              : 'Settings are copied. Sign in with the new mailbox’s account.'
          }
          onClose={onClose}
        />
        <AccountForm
          mode="add"
          initial={{ ...initial, email: '', username: '' }}
          onSaved={onSaved}
          onCancel={onClose}
          onBusyChange={onBusyChange}
          onDirtyChange={onDirtyChange}
        />
      </>
    );
  }

  if (!choice) {
    return (
      <>
        <Header title="Add an account" subtitle="How does this mailbox sign in?" onClose={onClose} />
        <div className="dialog__body">
          <ProviderChooser onChoose={setChoice} />
        </div>
      </>
    );
  }

  const { title, subtitle } = CHOICE_TITLE[choice];
  return (
    <>
      <Header
        title={title}
        subtitle={subtitle}
        onBack={() =>
          requestLeave(() => {
            setChoice(null);
            setPreset(null);
          })
        }
        onClose={onClose}
      />
      <AccountForm
        key={choice}
        mode="add"
        initial={initialFor(choice)}
        preset={choice === 'preset' ? { value: preset, onChange: setPreset } : undefined}
        onSaved={onSaved}
        onCancel={onClose}
        onBusyChange={onBusyChange}
        onDirtyChange={onDirtyChange}
      />
    </>
  );
}

type Loaded = { settings: AccountSettings; folders: string[] | undefined };

function EditFlow({ target, onSaved, onClose, onBusyChange, onDirtyChange }: FlowProps & { target: Extract<EditorTarget, { mode: 'edit' }> }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [attempt, setAttempt] = useState(0);
  const summary = useAccountsStore((s) => s.accounts.find((a) => a.id === target.accountId));

  useEffect(() => {
    let live = true;
    const api = bridge();
    Promise.all([
      api.getAccount({ accountId: target.accountId }),
      // The cached folder list, so the picker shows folders without a round trip to the server.
      api.listMailboxes({ accountId: target.accountId }).then(
        (list) => list.map((m) => m.path),
        () => undefined,
      ),
    ]).then(
      ([settings, folders]) => live && setLoaded({ settings, folders: folders && folders.length > 0 ? folders : undefined }),
      (err: unknown) => live && setError(toErrorInfo(err)),
    );
    return () => {
      live = false;
    };
  }, [target.accountId, attempt]);

  const name = loaded?.settings.name ?? summary?.name ?? 'account';
  const subtitle = loaded ? `${loaded.settings.email} · ${KIND_LABEL[loaded.settings.kind]}` : (summary?.email ?? '');

  return (
    <>
      <Header title={`Edit ${name}`} subtitle={subtitle} onClose={onClose} />
      {loaded ? (
        <AccountForm
          mode="edit"
          accountId={target.accountId}
          initial={fieldsFromDraft(loaded.settings)}
          hasPassword={loaded.settings.hasPassword}
          knownFolders={loaded.folders}
          focus={target.focus}
          notice={
            summary?.status === 'needs-reconnect' ? (
              <>
                <strong>{summary.name} needs to be reconnected.</strong> {summary.lastError?.cause ?? 'The server no longer accepts the saved sign-in.'}{' '}
                {loaded.settings.kind === 'imap' ? 'Enter the current password (or a new app password) and save.' : 'Sign in again above and save.'}
              </>
            ) : undefined
          }
          onSaved={onSaved}
          onCancel={onClose}
          onBusyChange={onBusyChange}
          onDirtyChange={onDirtyChange}
        />
      ) : error ? (
        <div className="dialog__body dialog__body--center">
          <ErrorBox title="The account’s settings could not be loaded" error={error} />
          <div className="dialog__actions">
            <button type="button" className="button button--ghost" onClick={onClose}>
              Close
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setError(null);
                setAttempt((n) => n + 1);
              }}
            >
              Try again
            </button>
          </div>
        </div>
      ) : (
        <div className="dialog__body dialog__body--center">
          <Spinner size={20} label="Loading the account’s settings" />
        </div>
      )}
    </>
  );
}

/** Asked when the editor is closed over unsaved changes; keeping them is the safe default. */
function DiscardChangesDialog({ mode }: { mode: 'add' | 'edit' }) {
  const open = useAccountEditorStore((s) => s.confirmingDiscard);
  const keepEditing = useAccountEditorStore((s) => s.keepEditing);
  const discard = useAccountEditorStore((s) => s.discard);
  return (
    <Modal open={open} onClose={keepEditing} labelledBy={DISCARD_TITLE_ID} className="dialog--small" testId="discard-dialog">
      <div className="dialog__panel">
        <header className="dialog__header">
          <div className="dialog__heading">
            <h2 id={DISCARD_TITLE_ID} className="dialog__title">
              Discard changes?
            </h2>
            <p className="dialog__subtitle">
              {mode === 'add' ? 'The account has not been saved. What you entered will be lost.' : 'Your changes to this account have not been saved and will be lost.'}
            </p>
          </div>
        </header>
        <footer className="dialog__footer">
          <button type="button" className="button button--ghost" data-testid="discard-keep-editing" autoFocus onClick={keepEditing}>
            Keep editing
          </button>
          <button type="button" className="button button--danger" data-testid="discard-confirm" onClick={discard}>
            Discard
          </button>
        </footer>
      </div>
    </Modal>
  );
}

/**
 * The account editor as a modal: the add flow (chooser, then the form) or an
 * account's settings. Mounted fresh on every opening. `afterSave` lets the host
 * page react (the main window shows the new account's inbox).
 */
export function AccountEditorDialog({ afterSave }: { afterSave?: (account: AccountSummary, mode: 'add' | 'edit') => void }) {
  const target = useAccountEditorStore((s) => s.target);
  const opened = useAccountEditorStore((s) => s.opened);
  const close = useAccountEditorStore((s) => s.close);
  const requestClose = useAccountEditorStore((s) => s.requestClose);
  const setDirty = useAccountEditorStore((s) => s.setDirty);

  const onSaved = (account: AccountSummary) => {
    if (!target) return;
    useAccountsStore.getState().upsertAccount(account);
    close();
    afterSave?.(account, target.mode);
  };

  // Escape, Cancel and the close button leave (asking first over unsaved changes), except while a save is in flight.
  const busy = useRef<Busy>(null);
  const onBusyChange = (value: Busy) => {
    busy.current = value;
  };
  const canClose = () => busy.current !== 'save';
  const tryClose = () => {
    if (canClose()) requestClose();
  };

  return (
    <>
      <Modal open={target !== null} onClose={requestClose} canClose={canClose} labelledBy={TITLE_ID} className="dialog--editor" testId="account-editor">
        {target && (
          <div className="dialog__panel" key={opened}>
            {target.mode === 'add' ? (
              <AddFlow target={target} onSaved={onSaved} onClose={tryClose} onBusyChange={onBusyChange} onDirtyChange={setDirty} />
            ) : (
              <EditFlow target={target} onSaved={onSaved} onClose={tryClose} onBusyChange={onBusyChange} onDirtyChange={setDirty} />
            )}
          </div>
        )}
      </Modal>
      {/* A sibling, not a child: a nested <dialog>'s cancel and close events would reach the editor's handlers. */}
      {target && <DiscardChangesDialog mode={target.mode} />}
    </>
  );
}
