import type { ReactNode } from 'react';
import type { ProviderChoice } from '../../stores/accountEditor';
import { ChevronRightIcon, GoogleMark, KeyIcon, ListIcon, MicrosoftMark, ServerIcon } from '../../ui/icons';

export type { ProviderChoice };

const CHOICES: { id: ProviderChoice; title: string; text: string; icon: ReactNode; tag?: string }[] = [
  {
    id: 'google',
    title: 'Google',
    text: 'Gmail and Google Workspace. Sign in with Google; no password is stored.',
    icon: <GoogleMark size={22} />,
    tag: 'OAuth',
  },
  {
    id: 'microsoft',
    title: 'Microsoft 365 / Outlook',
    text: 'Exchange Online, Outlook.com and Hotmail. Sign in with Microsoft.',
    icon: <MicrosoftMark size={20} />,
    tag: 'OAuth',
  },
  {
    id: 'preset',
    title: 'Other provider (preset)',
    text: 'Yahoo, iCloud, GMX, WEB.DE, Fastmail, IONOS, Zoho… Servers filled in; you enter address and password.',
    icon: <ListIcon size={20} />,
  },
  {
    id: 'oauth',
    title: 'Custom OAuth / OpenID Connect',
    text: 'Your own identity provider (Keycloak, Okta, Authentik…) with a mail server that accepts OAuth tokens.',
    icon: <KeyIcon size={20} />,
  },
  {
    id: 'manual',
    title: 'Manual IMAP/SMTP',
    text: 'Any mail server: enter the IMAP and SMTP settings from your provider yourself.',
    icon: <ServerIcon size={20} />,
  },
];

/** The first step of adding an account: how this mailbox signs in. */
export function ProviderChooser({ onChoose }: { onChoose(choice: ProviderChoice): void }) {
  return (
    <div className="chooser" data-testid="provider-chooser">
      <ul className="chooser__list" role="list">
        {CHOICES.map((c, i) => (
          <li key={c.id}>
            <button
              type="button"
              className="chooser__item"
              data-testid={`provider-choice-${c.id}`}
              // The first choice takes the focus so Enter and the arrow keys work at once.
              autoFocus={i === 0}
              onClick={() => onChoose(c.id)}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
                e.preventDefault();
                const items = [...(e.currentTarget.closest('.chooser__list')?.querySelectorAll<HTMLButtonElement>('.chooser__item') ?? [])];
                const at = items.indexOf(e.currentTarget);
                items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
              }}
            >
              <span className={`chooser__icon chooser__icon--${c.id}`}>{c.icon}</span>
              <span className="chooser__text">
                <span className="chooser__title">
                  {c.title}
                  {c.tag && <span className="chooser__tag">{c.tag}</span>}
                </span>
                <span className="chooser__desc">{c.text}</span>
              </span>
              <ChevronRightIcon size={16} className="chooser__chevron" />
            </button>
          </li>
        ))}
      </ul>
      <p className="chooser__foot">
        Not sure? Most company mailboxes on Google Workspace or Microsoft 365 should use their sign-in. Everything else works with IMAP and SMTP.
      </p>
    </div>
  );
}
