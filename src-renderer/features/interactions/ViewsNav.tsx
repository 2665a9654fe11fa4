import { useEffect } from 'react';
import type { SavedViewInfo } from '../../../src-preload/contract';
import { useInteractionsStore } from '../../stores/interactions';
import { ErrorText } from '../../ui/ErrorBox';

function ViewItem({ view, active }: { view: SavedViewInfo; active: boolean }) {
  return (
    <li>
      <button
        type="button"
        className={`queue-item${active ? ' queue-item--active' : ''}`}
        aria-current={active ? 'page' : undefined}
        data-testid="saved-view"
        data-view-id={view.id}
        title={view.sharing === 'team' ? `${view.name} (team view, saved by ${view.updatedBy})` : view.name}
        onClick={() => useInteractionsStore.getState().applyView(view)}
      >
        <span className="queue-item__label">{view.name}</span>
        {view.pending && (
          <span className="pending-badge" title="Saved on this computer; the team log has not confirmed it yet">
            Pending
          </span>
        )}
      </button>
    </li>
  );
}

/** The sidebar in Interactions: every interaction, then the team's saved views and this agent's own. */
export function ViewsNav() {
  const views = useInteractionsStore((s) => s.views);
  const loaded = useInteractionsStore((s) => s.viewsLoaded);
  const error = useInteractionsStore((s) => s.viewsError);
  const activeId = useInteractionsStore((s) => s.activeViewId);
  const started = useInteractionsStore((s) => s.query !== null);

  useEffect(() => {
    if (!useInteractionsStore.getState().viewsLoaded) void useInteractionsStore.getState().loadViews();
  }, []);

  const team = views.filter((v) => v.sharing === 'team');
  const mine = views.filter((v) => v.sharing === 'personal');
  const group = (title: string, id: string, list: SavedViewInfo[], empty: string) => (
    <>
      <div className="sidebar__section-title" id={id}>
        {title}
      </div>
      {list.length > 0 ? (
        <ul className="queue-group__list" aria-labelledby={id} data-testid={`${id}-list`}>
          {list.map((view) => (
            <ViewItem key={view.id} view={view} active={view.id === activeId} />
          ))}
        </ul>
      ) : (
        loaded && !error && <p className="sidebar__empty">{empty}</p>
      )}
    </>
  );

  return (
    <div className="queue-nav" data-testid="views-nav">
      <ul className="queue-group__list" aria-label="Interactions">
        <li>
          <button
            type="button"
            className={`queue-item${started && activeId === null ? ' queue-item--active' : ''}`}
            aria-current={started && activeId === null ? 'page' : undefined}
            data-testid="view-all-interactions"
            onClick={() => useInteractionsStore.getState().reset()}
          >
            <span className="queue-item__label">All interactions</span>
          </button>
        </li>
      </ul>
      {group('Team views', 'team-views', team, 'None yet. Save a view for the whole team from the list.')}
      {group('My views', 'my-views', mine, 'None yet. Filter the list, then Save view.')}
      {error && (
        <div className="sidebar__error" role="alert" data-testid="views-error">
          <ErrorText error={error} />
          <button type="button" className="link-button" onClick={() => void useInteractionsStore.getState().loadViews()}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}
