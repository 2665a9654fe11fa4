import { formatCount } from '../../lib/format';
import { useOutboxStore } from '../../stores/outbox';

/** On the Outbox tab: how many mails failed or are uncertain, i.e. wait for the agent. Nothing when none. */
export function OutboxBadge() {
  const count = useOutboxStore((s) => s.attention);
  if (!count) return null;
  const words = `${formatCount(count)} ${count === 1 ? 'mail needs' : 'mails need'} your attention (failed or delivery uncertain)`;
  return (
    <>
      <span className="topbar__badge" data-testid="outbox-badge" title={words} aria-hidden="true">
        {formatCount(count)}
      </span>
      <span className="visually-hidden">, {words}</span>
    </>
  );
}
