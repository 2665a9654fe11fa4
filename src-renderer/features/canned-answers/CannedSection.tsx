import { useEffect, useMemo, useState } from 'react';
import type { CannedAnswerView } from '../../../src-preload/contract';
import { formatFullDate } from '../../lib/format';
import { useAccountsStore } from '../../stores/accounts';
import { useCannedStore } from '../../stores/canned';
import { EmptyState } from '../../ui/EmptyState';
import { LoadError } from '../../ui/ErrorBox';
import { DraftIcon, PencilIcon, PlusIcon, TrashIcon } from '../../ui/icons';
import { SearchField } from '../../ui/SearchField';
import { Spinner } from '../../ui/Spinner';
import { CannedEditorDialog } from './CannedEditorDialog';
import { DeleteCannedDialog } from './DeleteCannedDialog';
import { draftOf, newDraft, type CannedDraft } from './draft';
import { ScopeLabel } from './ScopeLabel';

/** The answer's words without markup, for the one-line preview (DOMParser runs no scripts and loads nothing). */
function plainText(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function AnswerRow({ answer, onEdit, onDelete }: { answer: CannedAnswerView; onEdit(): void; onDelete(): void }) {
  const preview = useMemo(() => plainText(answer.bodyHtml), [answer.bodyHtml]);
  return (
    <li className="settings__list-row canned-row" data-testid="canned-row" data-id={answer.id} data-pending={String(answer.pending)}>
      <div className="canned-row__main">
        <div className="canned-row__head">
          <h3 className="canned-row__title">{answer.title}</h3>
          {answer.shortcut && (
            <span className="key-chip" title={`Type /${answer.shortcut} in a reply to insert it`}>
              /{answer.shortcut}
            </span>
          )}
          <ScopeLabel answer={answer} />
          {answer.pending && (
            <span className="pill pill--personal" title="Saved on this computer; the team sees it once the account’s team log has it." data-testid="canned-pending">
              Not shared yet
            </span>
          )}
        </div>
        <p className="canned-row__preview">{preview}</p>
        <p className="canned-row__meta">
          Changed {answer.updatedBy ? `by ${answer.updatedBy} ` : ''}on {formatFullDate(answer.updatedAt)}
        </p>
      </div>
      <div className="row-actions">
        <button type="button" className="icon-button" title="Edit" aria-label={`Edit ${answer.title}`} data-testid="canned-edit" onClick={onEdit}>
          <PencilIcon size={15} />
        </button>
        <button type="button" className="icon-button" title="Delete" aria-label={`Delete ${answer.title}`} data-testid="canned-delete" onClick={onDelete}>
          <TrashIcon size={15} />
        </button>
      </div>
    </li>
  );
}

/** The settings page's canned answers: every account's and the general ones, searchable, with create, edit and delete. */
export function CannedSection() {
  const accounts = useAccountsStore((s) => s.accounts);
  const all = useCannedStore((s) => s.all);
  const found = useCannedStore((s) => s.found);
  const loaded = useCannedStore((s) => s.loaded);
  const loadError = useCannedStore((s) => s.loadError);
  const load = useCannedStore((s) => s.load);
  const search = useCannedStore((s) => s.search);
  const [text, setText] = useState(() => useCannedStore.getState().text);
  const [editing, setEditing] = useState<{ draft: CannedDraft; isNew: boolean } | null>(null);
  const [deleting, setDeleting] = useState<CannedAnswerView | null>(null);
  const firstAccount = accounts[0]?.id ?? '';

  useEffect(() => {
    void load();
  }, [load]);

  if (accounts.length === 0) return null;
  const create = () => setEditing({ draft: newDraft(firstAccount), isNew: true });
  return (
    <section className="settings__section canned-section" aria-labelledby="canned-section-title" data-testid="canned-answers">
      <div className="settings__section-head">
        <div>
          <h2 className="settings__section-title" id="canned-section-title">
            Canned answers
          </h2>
          <p className="settings__section-text">
            Replies the team sends again and again, written once. Agents insert them in a reply with the Canned answer button (Ctrl+Shift+I) or by typing their
            shortcut; variables take the customer’s, the ticket’s and the agent’s details.
          </p>
        </div>
        {all.length > 0 && (
          <button type="button" className="button button--primary" data-testid="canned-new" onClick={create}>
            <PlusIcon size={15} />
            New answer
          </button>
        )}
      </div>
      {loadError ? (
        <LoadError error={loadError} title="The canned answers could not be read" testId="canned-load-error" onRetry={() => void load()} />
      ) : !loaded ? (
        <Spinner label="Reading the canned answers" />
      ) : all.length === 0 ? (
        <div className="settings__empty">
          <EmptyState
            icon={<DraftIcon size={22} />}
            title="No canned answers yet"
            testId="canned-empty"
            action={
              <button type="button" className="button button--primary" data-testid="canned-new" onClick={create}>
                <PlusIcon size={15} />
                New answer
              </button>
            }
          >
            Create the first one: a title agents search for, the text with variables like {'{{customer.name}}'}, and whether every account offers it or only one.
          </EmptyState>
        </div>
      ) : (
        <>
          <SearchField
            value={text}
            onChange={setText}
            onSettle={(settled) => void search(settled)}
            label="Search canned answers"
            placeholder="Search titles, shortcuts and text"
            testId="canned-search"
            inputClassName="canned-section__search"
          />
          {found.length === 0 ? (
            <p className="muted" data-testid="canned-no-match">
              No answer matches “{text.trim()}”. Try other words, or clear the search.
            </p>
          ) : (
            <ul className="settings__list" aria-label="Canned answers">
              {found.map((answer) => (
                <AnswerRow key={answer.id} answer={answer} onEdit={() => setEditing({ draft: draftOf(answer, firstAccount), isNew: false })} onDelete={() => setDeleting(answer)} />
              ))}
            </ul>
          )}
        </>
      )}
      <CannedEditorDialog editing={editing} onClose={() => setEditing(null)} />
      <DeleteCannedDialog answer={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}
