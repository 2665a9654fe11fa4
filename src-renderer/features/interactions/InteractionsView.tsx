import { useEffect, useState } from 'react';
import type { SavedViewInfo, TicketFilter } from '../../../src-preload/contract';
import { toErrorInfo } from '../../lib/bridge';
import { formatCount } from '../../lib/format';
import { useToastsStore } from '../../stores/toasts';
import { defaultQuery, useInteractionsStore } from '../../stores/interactions';
import { useTicketsStore } from '../../stores/tickets';
import { EmptyState } from '../../ui/EmptyState';
import { LoadError } from '../../ui/ErrorBox';
import { CrossIcon, InboxIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { TicketPane } from '../tickets/TicketPane';
import { AdvancedSearch } from './AdvancedSearch';
import { InteractionsTable } from './InteractionsTable';
import { InteractionsToolbar } from './InteractionsToolbar';
import { QuickFilters } from './QuickFilters';
import { ViewDialog, type ViewDialogRequest } from './ViewDialogs';

/** Anything beyond "every interaction": an empty list then means "nothing matches", not "nothing there". */
function isNarrowed(filter: TicketFilter): boolean {
  const plain = defaultQuery().filter;
  return (
    filter.scope !== plain.scope ||
    filter.status.length > 0 ||
    Boolean(filter.queue || filter.agent || filter.tag || filter.accountId || filter.text || filter.customer) ||
    filter.date.preset !== 'any' ||
    filter.read !== 'any' ||
    filter.conditions.some((c) => c.enabled)
  );
}

/** Saves the list as it stands into the open view; a refusal shows as a toast (there is no form to show it in). */
async function updateView(view: SavedViewInfo): Promise<void> {
  try {
    await useInteractionsStore.getState().saveView({ id: view.id, name: view.name, sharing: view.sharing });
    useToastsStore.getState().push({ kind: 'success', title: `“${view.name}” updated`, testId: 'view-updated' });
  } catch (err) {
    useToastsStore.getState().push({ kind: 'error', title: `“${view.name}” was not updated`, error: toErrorInfo(err), testId: 'view-update-error' });
  }
}

function Empty({ filter }: { filter: TicketFilter }) {
  if (isNarrowed(filter)) {
    return (
      <EmptyState
        kind="no-interactions-match"
        icon={<InboxIcon size={22} />}
        title="No interactions match"
        action={
          <button type="button" className="button button--small button--secondary" data-testid="interactions-clear-filters" onClick={() => useInteractionsStore.getState().reset()}>
            Clear every filter
          </button>
        }
      >
        Widen the date range, pick another status or agent, switch off a row of the advanced search, or clear the filters to see every interaction.
      </EmptyState>
    );
  }
  return (
    <EmptyState kind="no-interactions" icon={<InboxIcon size={22} />} title="No interactions yet">
      Every customer conversation becomes a ticket, and every ticket is listed here: new mail to your shared mailboxes shows up as soon as it is synced.
    </EmptyState>
  );
}

/**
 * The Interactions workspace: every ticket the agent may see, across accounts, as a table
 * with quick filters, an advanced search, saved views and bulk actions; a row opens the
 * ticket beside the table.
 */
export function InteractionsView() {
  const query = useInteractionsStore((s) => s.query);
  const total = useInteractionsStore((s) => s.total);
  const error = useInteractionsStore((s) => s.error);
  const activeView = useInteractionsStore((s) => s.views.find((v) => v.id === s.activeViewId) ?? null);
  const ticketOpen = useTicketsStore((s) => s.openRef !== null);
  const advancedOpen = useInteractionsStore((s) => s.advancedOpen);
  const setAdvancedOpen = useInteractionsStore((s) => s.setAdvancedOpen);
  const [dialog, setDialog] = useState<ViewDialogRequest | null>(null);

  useEffect(() => {
    useInteractionsStore.getState().start();
  }, []);

  const epoch = useInteractionsStore((s) => s.epoch);
  const viewKey = `${activeView?.id ?? 'none'}-${epoch}`;

  if (!query) return <section className="main" aria-label="Interactions" />;
  const activeConditions = query.filter.conditions.filter((c) => c.enabled).length;

  let content;
  if (error && !total) content = <LoadError title="The interactions could not be loaded" error={error} testId="interactions-error" onRetry={() => useInteractionsStore.getState().refresh()} />;
  else if (total === null)
    content = (
      <div className="mv-loading">
        <Spinner /> Loading interactions…
      </div>
    );
  else if (total === 0) content = <Empty filter={query.filter} />;
  else content = <InteractionsTable total={total} />;

  return (
    <div className={`main interactions${ticketOpen ? ' interactions--with-ticket' : ''}`} data-testid="interactions-view">
      <section className="interactions__list" aria-label="Interactions list">
        <header className="list-header interactions__header">
          <div className="interactions__title-row">
            <h1 className="list-header__title" data-testid="interactions-title">
              {activeView ? activeView.name : 'All interactions'}
            </h1>
            {activeView?.sharing === 'team' && <span className="interactions__badge">Team view</span>}
            <p className="list-header__meta" aria-live="polite" data-testid="interactions-count">
              {total === null ? '\u00a0' : `${formatCount(total)} ${total === 1 ? 'interaction' : 'interactions'}`}
            </p>
            <div className="interactions__view-actions">
              <button
                type="button"
                className={`button button--small button--secondary${advancedOpen ? ' button--pressed' : ''}`}
                aria-expanded={advancedOpen}
                data-testid="advanced-toggle"
                onClick={() => setAdvancedOpen(!advancedOpen)}
              >
                Advanced search{activeConditions > 0 ? ` (${activeConditions})` : ''}
              </button>
              {activeView && (
                <>
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    data-testid="view-update"
                    title={`Save the list as it stands into “${activeView.name}”`}
                    onClick={() => void updateView(activeView)}
                  >
                    Update view
                  </button>
                  <button type="button" className="button button--small button--ghost" data-testid="view-rename" onClick={() => setDialog({ kind: 'rename', view: activeView })}>
                    Rename
                  </button>
                  <button type="button" className="button button--small button--ghost" data-testid="view-delete" onClick={() => setDialog({ kind: 'delete', view: activeView })}>
                    Delete view
                  </button>
                </>
              )}
              <button type="button" className="button button--small button--primary" data-testid="view-save" onClick={() => setDialog({ kind: 'save' })}>
                Save view…
              </button>
            </div>
          </div>
          <QuickFilters key={viewKey} filter={query.filter} viewKey={viewKey} />
          {advancedOpen && <AdvancedSearch key={viewKey} filter={query.filter} onClose={() => setAdvancedOpen(false)} />}
          <InteractionsToolbar />
        </header>
        <div className="interactions__content">{content}</div>
      </section>
      {ticketOpen && (
        <div className="interactions__ticket">
          <button type="button" className="icon-button interactions__close-ticket" aria-label="Close the ticket" data-testid="interactions-close-ticket" onClick={() => useTicketsStore.getState().close()}>
            <CrossIcon size={15} />
          </button>
          <TicketPane />
        </div>
      )}
      <ViewDialog request={dialog} onClose={() => setDialog(null)} />
    </div>
  );
}
