import { useEffect, useState } from 'react';
import type { AccountSummary, Contact } from '../../../src-preload/contract';
import { formatCount } from '../../lib/format';
import { useAccountsStore } from '../../stores/accounts';
import { useComposeStore } from '../../stores/compose';
import { CONTACTS_SHOWN, useContactsStore } from '../../stores/contacts';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBox } from '../../ui/ErrorBox';
import { MailIcon, PencilIcon } from '../../ui/icons';
import { SearchField } from '../../ui/SearchField';
import { Spinner } from '../../ui/Spinner';
import { customerName } from '../queues/views';
import { showCustomerTickets } from './show-customer';

function accountKeys(contact: Contact, accounts: AccountSummary[]): string[] {
  return contact.accounts.map((id) => {
    const account = accounts.find((a) => a.id === id);
    return account?.key || account?.name || 'Removed account';
  });
}

function ContactSearch() {
  const applied = useContactsStore((s) => s.text);
  const [text, setText] = useState(applied);
  return (
    <SearchField
      value={text}
      onChange={setText}
      onSettle={(trimmed) => useContactsStore.getState().search(trimmed)}
      label="Search contacts"
      placeholder="Search contacts: name or address"
      testId="contact-search"
      inputClassName="contacts__search"
    />
  );
}

function ContactRow({ contact, accounts }: { contact: Contact; accounts: AccountSummary[] }) {
  const name = customerName(contact);
  const keys = accountKeys(contact, accounts);
  const tickets = `${formatCount(contact.ticketCount)} ${contact.ticketCount === 1 ? 'ticket' : 'tickets'}`;
  return (
    <li>
      <button
        type="button"
        className="contact-row"
        data-testid="contact-row"
        data-address={contact.address}
        aria-label={`${name}${name === contact.address ? '' : `, ${contact.address}`}: ${tickets} in ${keys.join(', ')}. Show all tickets`}
        onClick={() => showCustomerTickets(contact)}
      >
        <span className="contact-row__who">
          <span className="contact-row__name">{name}</span>
          {name !== contact.address && <span className="contact-row__address">{contact.address}</span>}
        </span>
        <span className="contact-row__keys">
          {keys.map((key, i) => (
            <span key={`${key}|${i}`} className="tag-chip tag-chip--small">
              {key}
            </span>
          ))}
        </span>
        <span className="contact-row__count" data-testid="contact-ticket-count">
          {tickets}
        </span>
      </button>
      <button
        type="button"
        className="button button--small button--secondary contact-row__write"
        data-testid="contact-write"
        aria-label={`Write to ${name}`}
        title={`Write a new mail to ${contact.address}`}
        onClick={() => void useComposeStore.getState().start({ kind: 'new', contact: { name: contact.name, address: contact.address } })}
      >
        <PencilIcon size={13} />
        Write
      </button>
    </li>
  );
}

/** Everyone who wrote in, searchable; choosing one shows all their tickets across accounts. Follows the tickets live. */
export function ContactsView() {
  const contacts = useContactsStore((s) => s.contacts);
  const more = useContactsStore((s) => s.more);
  const error = useContactsStore((s) => s.error);
  const text = useContactsStore((s) => s.text);
  const accounts = useAccountsStore((s) => s.accounts);

  useEffect(() => {
    useContactsStore.getState().open();
    return () => useContactsStore.getState().close();
  }, []);

  let content;
  if (error && !contacts) {
    content = (
      <div className="pane-pad">
        <ErrorBox title="The contacts could not be loaded" error={error} />
      </div>
    );
  } else if (!contacts) {
    content = (
      <div className="mv-loading">
        <Spinner /> Loading contacts…
      </div>
    );
  } else if (contacts.length === 0) {
    content = text ? (
      <EmptyState kind="no-contact-match" icon={<MailIcon size={22} />} title={`No contact matches “${text}”`}>
        Search by part of a name or an address, or clear the search to see every contact.
      </EmptyState>
    ) : (
      <EmptyState kind="no-contacts" icon={<MailIcon size={22} />} title="No contacts yet">
        Contacts appear as customers write in; turn &lsquo;Make unknown senders contacts&rsquo; on in Settings → Team for an account.
      </EmptyState>
    );
  } else {
    content = (
      <>
        {error && <ErrorBox title="The contacts could not be brought up to date" error={error} />}
        <ul className="contact-list" aria-label="Contacts found" data-testid="contact-list">
          {contacts.map((c) => (
            <ContactRow key={c.address} contact={c} accounts={accounts} />
          ))}
        </ul>
      </>
    );
  }

  return (
    <section className="contacts" aria-label="Contacts" data-testid="contacts-view">
      <header className="list-header contacts__header">
        <h1 className="list-header__title">Contacts</h1>
        <ContactSearch />
        <p className="list-header__meta" aria-live="polite" data-testid="contact-count">
          {contacts === null
            ? '\u00a0'
            : more
              ? `Showing the first ${formatCount(CONTACTS_SHOWN)} — refine the search`
              : `${formatCount(contacts.length)} ${contacts.length === 1 ? 'contact' : 'contacts'}`}
        </p>
      </header>
      <div className="contacts__content">{content}</div>
    </section>
  );
}
