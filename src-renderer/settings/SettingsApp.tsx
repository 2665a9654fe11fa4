import { useState } from 'react';
import type { AccountSummary } from '../../src-preload/contract';
import { Logo } from '../app/Logo';
import { OfflineBanner } from '../app/OfflineBanner';
import { SecretsWarning } from '../app/SecretsWarning';
import { AccountEditorDialog } from '../features/accounts/AccountEditorDialog';
import { AccountsTable } from '../features/accounts/AccountsTable';
import { AutoReplySection } from '../features/auto-reply/AutoReplySection';
import { CannedSection } from '../features/canned-answers/CannedSection';
import { DeleteAccountDialog } from '../features/accounts/DeleteAccountDialog';
import { TeamSection } from '../features/team-settings/TeamSection';
import { useAccountEditorStore } from '../stores/accountEditor';
import { useAccountsStore } from '../stores/accounts';
import { useStatusStore } from '../stores/status';
import { ArrowLeftIcon, PlusIcon } from '../ui/icons';
import { Toasts } from '../ui/Toasts';
import { TrustedImageSendersSection } from './TrustedImageSendersSection';

/**
 * The admin's settings: its own window in Electron, or #/settings in the page
 * when the host cannot open windows (browser host).
 */
export function SettingsApp() {
  const status = useStatusStore((s) => s.status);
  const hasAccounts = useAccountsStore((s) => s.accounts.length > 0);
  const openAdd = useAccountEditorStore((s) => s.openAdd);
  const [deleting, setDeleting] = useState<AccountSummary | null>(null);

  return (
    <div className="app settings" data-testid="settings-page">
      <OfflineBanner />
      <header className="settings__header">
        <div className="settings__brand">
          <Logo />
          <span className="settings__app">Mailroom</span>
          <span className="settings__sep" aria-hidden="true">
            /
          </span>
          <h1 className="settings__title">Settings</h1>
        </div>
        {status?.host === 'browser' && (
          <a className="button button--ghost settings__back" href="#/" data-testid="back-to-inbox">
            <ArrowLeftIcon size={14} />
            Back to inbox
          </a>
        )}
      </header>
      <SecretsWarning />
      <main className="settings__main">
        <div className="settings__content">
          <div className="settings__section-head">
            <div>
              <h2 className="settings__section-title">Accounts</h2>
              <p className="settings__section-text">
                The mailboxes this computer syncs. Shared accounts are worked by the whole team as queues; changes apply to this computer.
              </p>
            </div>
            {hasAccounts && (
              <button type="button" className="button button--primary" data-testid="add-account-button" onClick={() => openAdd()}>
                <PlusIcon size={15} />
                Add account
              </button>
            )}
          </div>
          <AccountsTable onDelete={setDeleting} />
          <TeamSection />
          <CannedSection />
          <AutoReplySection />
          <TrustedImageSendersSection />
        </div>
      </main>
      <AccountEditorDialog />
      <DeleteAccountDialog account={deleting} onClose={() => setDeleting(null)} />
      <Toasts />
    </div>
  );
}
