import { useMemo, useState } from 'react';
import { isDiscardFolder } from '../../../../src-preload/contract';
import { RadioGroupField } from '../../../ui/Field';
import { AlertIcon, RefreshIcon } from '../../../ui/icons';
import { Spinner } from '../../../ui/Spinner';
import type { AccountFormApi } from '../useAccountForm';
import { bind } from './bind';
import { FormSection } from './FormSection';

const FILTER_FROM = 12;

function sortFolders(list: string[]): string[] {
  return [...list].sort((a, b) => {
    if (a.toUpperCase() === 'INBOX') return -1;
    if (b.toUpperCase() === 'INBOX') return 1;
    return a.localeCompare(b, undefined, { sensitivity: 'base' });
  });
}

/** The folders to import: every folder the server listed, plus the chosen ones it did not (yet). */
function FolderPicker({ form }: { form: AccountFormApi }) {
  const selected = form.fields['import.folders'];
  const found = form.foundFolders;
  const [filter, setFilter] = useState('');
  const all = useMemo(() => sortFolders([...new Set([...(found ?? []), ...selected])]), [found, selected]);
  const shown = filter.trim() ? all.filter((p) => p.toLowerCase().includes(filter.trim().toLowerCase())) : all;
  const loading = form.busy === 'folders' || (form.busy === 'test' && !form.accountId);

  const toggle = (path: string, on: boolean) => {
    const next = on ? [...selected, path] : selected.filter((p) => p !== path);
    form.setField('import.folders', sortFolders(next));
    form.blur('import.folders');
  };

  return (
    <div className="folder-picker">
      <div className="folder-picker__head">
        <span className="field__label">Folders to import</span>
        <span className="folder-picker__count">
          {selected.length === 1 ? '1 selected' : `${selected.length} selected`}
          {found ? ` of ${found.length}` : ''}
        </span>
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="folders-refresh"
          disabled={form.busy !== null}
          onClick={() => void form.refreshFolders()}
          title={form.accountId ? 'Ask the server for its folders again' : 'Test the connection to list the folders'}
        >
          {loading ? <Spinner size={12} /> : <RefreshIcon size={13} />}
          {found ? 'Refresh' : 'Find folders'}
        </button>
      </div>
      {all.length >= FILTER_FROM && (
        <input
          className="input input--small folder-picker__filter"
          type="search"
          placeholder={`Filter ${all.length} folders`}
          value={filter}
          aria-label="Filter folders"
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      <ul className="folder-picker__list" role="list">
        {shown.map((path) => {
          const checked = selected.includes(path);
          const missing = found !== null && !found.includes(path);
          const never = isDiscardFolder({ path });
          return (
            <li key={path}>
              <label className={`folder-choice${checked ? ' folder-choice--checked' : ''}`} data-testid="folder-choice" data-path={path}>
                <input type="checkbox" name="import.folders" value={path} checked={checked} disabled={form.busy === 'save'} onChange={(e) => toggle(path, e.target.checked)} />
                <span className="folder-choice__path" title={path}>
                  {path}
                </span>
                {never && <span className="folder-choice__note">trash or spam: never imported</span>}
                {missing && <span className="folder-choice__note folder-choice__note--warn">not found on the server</span>}
              </label>
            </li>
          );
        })}
        {shown.length === 0 && <li className="folder-picker__empty">No folder matches “{filter}”.</li>}
      </ul>
      {!found && (
        <p className="field__hint">
          {form.accountId ? 'Refresh to list the folders on the server.' : 'Test the connection to list the other folders on the server.'}
        </p>
      )}
      {form.errors['import.folders'] && (
        <p className="field__error" role="alert">
          {form.errors['import.folders']}
        </p>
      )}
      {form.foldersError && (
        <p className="field__error" role="alert" data-testid="folders-error">
          {form.foldersError.cause} {form.foldersError.fix}
        </p>
      )}
    </div>
  );
}

export function ImportSection({ form, formId }: { form: AccountFormApi; formId: string }) {
  const { fields, errors } = form;
  const f = bind(form);
  const disabled = form.busy === 'save';
  return (
    <FormSection id="import" formId={formId} title="Import" description="Which mail becomes tickets, and what happens to it on the server.">
      <FolderPicker form={form} />

      <div className="form-row form-row--single form-row--spaced">
        <RadioGroupField
          name="import.syncFrom"
          label="Mail to import"
          layout="inline"
          value={fields['import.syncFrom']}
          disabled={disabled}
          options={[
            // 'now' has no cut-off: what is in the folders today and everything that arrives (sync/import-criteria.ts).
            { value: 'now', label: 'All existing mail and new mail' },
            { value: '1m', label: 'The last month and new mail' },
            { value: '3m', label: 'The last 3 months and new mail' },
            { value: '6m', label: 'The last 6 months and new mail' },
            { value: 'date', label: 'Since a date' },
          ]}
          onValue={(v) => form.setField('import.syncFrom', v)}
        />
      </div>
      {fields['import.syncFrom'] === 'date' && (
        <div className="form-row form-row--narrow">
          {f.text('import.syncFromDate', 'Import mail received since', { type: 'date', max: new Date().toISOString().slice(0, 10) })}
        </div>
      )}

      <div className="form-row form-row--single form-row--spaced">
        <RadioGroupField
          name="import.afterImport"
          label="After import, on the server"
          value={fields['import.afterImport']}
          disabled={disabled}
          options={[
            { value: 'leave', label: 'Leave it untouched', hint: 'Recommended. Other mail programs see the mailbox as before.' },
            { value: 'mark-read', label: 'Mark as read' },
            { value: 'delete', label: 'Delete from the server' },
          ]}
          error={errors['import.afterImport']}
          onValue={(v) => form.setField('import.afterImport', v)}
        />
      </div>
      {fields['import.afterImport'] === 'delete' && (
        <div className="notice notice--warning" data-testid="delete-after-import-warning">
          <span className="notice__icon">
            <AlertIcon size={15} />
          </span>
          <div className="notice__text">
            Mailroom deletes each message from the server once it is safely stored on this computer. Other mail programs and colleagues
            without Mailroom will no longer see it, and the server keeps no copy.
          </div>
        </div>
      )}

      <div className="form-row form-row--spaced">
        {f.text('import.pollIntervalSec', 'Check for new mail every (seconds)', {
          inputMode: 'numeric',
          hint: errors['import.pollIntervalSec'] ? undefined : 'When the server cannot push new mail. 30 to 3600.',
        })}
        {f.text('import.standardQueue', 'Standard queue', { hint: 'New tickets from this mailbox land here; left empty, in a queue named after the account.' })}
      </div>
      <div className="form-row form-row--single">
        {f.text('import.autoDownloadMb', 'Largest message downloaded automatically (MB)', {
          inputMode: 'numeric',
          hint: errors['import.autoDownloadMb'] ? undefined : 'Bigger messages are listed with their headers; the reading pane downloads them when asked. 1 to 2000.',
        })}
      </div>
      <div className="form-row form-row--single">
        {f.text('import.headerFilter', 'IMAP header filter', {
          placeholder: 'e.g. X-Priority=1, List-Id',
          hint: (
            <>
              Import only messages with these headers, comma-separated: <code>name</code> (the header is present) or <code>name=value</code>{' '}
              (it has exactly this value). Names ignore case, values do not. Empty imports everything.
            </>
          ),
        })}
      </div>
      <div className="check-grid">
        {f.check('import.keepUnread', 'Keep unread for agents', 'New tickets stay unread until an agent opens them.')}
        {f.check('import.closeAutomatically', 'Close automatically', 'Tickets are closed as soon as they are imported (for notifications you only archive).')}
        {f.check(
          'import.disableDuplicateCheck',
          'Disable duplicate check',
          'Import every copy, even when the same message (Message-ID) arrived before in another folder.',
        )}
      </div>
    </FormSection>
  );
}
