import { ariaKeys, sequenceLabel } from '../../commands/keys';
import { commandById } from '../../commands/registry';
import type { AccountSummary } from '../../../src-preload/contract';
import { useAccountsStore } from '../../stores/accounts';
import { useTeamStore } from '../../stores/team';
import { useTicketsStore } from '../../stores/tickets';
import { accountQueues, isQueueQuery, isViewQuery, queueQuery, VIEW_LABEL, viewQuery } from './views';


function NavItem({ label, active, keys, testId, onSelect }: { label: string; active: boolean; keys?: readonly string[]; testId: string; onSelect(): void }) {
  return (
    <li>
      <button
        type="button"
        className={`queue-item${active ? ' queue-item--active' : ''}`}
        aria-current={active ? 'page' : undefined}
        aria-keyshortcuts={keys ? ariaKeys(keys) : undefined}
        data-testid={testId}
        title={keys ? `${label} (${sequenceLabel(keys)})` : label}
        onClick={onSelect}
      >
        <span className="queue-item__label">{label}</span>
      </button>
    </li>
  );
}

function AccountQueues({ account }: { account: AccountSummary }) {
  const query = useTicketsStore((s) => s.query);
  const team = useTeamStore((s) => s.teams[account.id]);
  const queues = accountQueues(account, team?.queues.map((q) => q.name) ?? []);
  return (
    <li className="queue-group">
      <div className="queue-group__title" title={account.email}>
        {account.name}
      </div>
      <ul className="queue-group__list" aria-label={`Queues of ${account.name}`}>
        <NavItem
          label={`All in ${account.key || account.name}`}
          testId="account-tickets"
          active={isQueueQuery(query, account.id, '')}
          onSelect={() => useTicketsStore.getState().show(queueQuery(account.id, ''))}
        />
        {queues.map((queue) => (
          <NavItem
            key={queue}
            label={queue}
            testId="queue-item"
            active={isQueueQuery(query, account.id, queue)}
            onSelect={() => useTicketsStore.getState().show(queueQuery(account.id, queue))}
          />
        ))}
      </ul>
    </li>
  );
}

/** The sidebar in Tickets: the agent's views, then each account's queues. */
export function QueueNav() {
  const query = useTicketsStore((s) => s.query);
  const accounts = useAccountsStore((s) => s.accounts);
  return (
    <div className="queue-nav" data-testid="queue-nav">
      <div className="sidebar__section-title" id="views-title">
        Views
      </div>
      <ul className="queue-group__list" aria-labelledby="views-title">
        {(['mine', 'unassigned', 'all'] as const).map((view) => (
          <NavItem
            key={view}
            label={VIEW_LABEL[view]}
            keys={commandById(`go.view.${view}`).keys}
            testId={`view-${view}`}
            active={isViewQuery(query, view)}
            onSelect={() => useTicketsStore.getState().show(viewQuery(view))}
          />
        ))}
      </ul>
      <div className="sidebar__section-title" id="queues-title">
        Queues
      </div>
      <ul className="queue-groups" aria-labelledby="queues-title">
        {accounts.map((account) => (
          <AccountQueues key={account.id} account={account} />
        ))}
      </ul>
    </div>
  );
}
