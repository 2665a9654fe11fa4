import { useEffect, useState } from 'react';
import type { OutboxItem, OutboxState, TicketDetail } from '../../../src-preload/contract';
import { bridge } from '../../lib/bridge';
import { subjectOrPlaceholder } from '../../lib/format';
import { ALL_OUTBOX, useOutboxStore } from '../../stores/outbox';
import { useWorkspaceStore } from '../../stores/workspace';
import { RecipientLine } from './Recipients';
import { OutboxStatePill } from './StatePill';
import { countsDown, stateDetail } from './status';
import { useClock } from './useOutboxPreview';

/** A reply joins the ticket's messages once sent; until then, or if it never goes, it shows here. */
const NOT_SENT: OutboxState[] = ['queued', 'sending', 'failed', 'uncertain'];

/** Opens the Outbox with this mail selected: its preview says why and offers what to do. */
function showInOutbox(item: OutboxItem): void {
  const outbox = useOutboxStore.getState();
  if (outbox.query === null) outbox.show(ALL_OUTBOX);
  outbox.select(item.id);
  useWorkspaceStore.getState().show('outbox');
}

/** The ticket's mail that has not gone out (waiting, sending, failed, uncertain), so a failed reply is never out of sight. */
export function TicketOutgoing({ detail }: { detail: TicketDetail }) {
  const revision = useOutboxStore((s) => s.revision);
  const [items, setItems] = useState<{ key: string; list: OutboxItem[] }>({ key: detail.key, list: [] });
  const list = items.key === detail.key ? items.list : [];
  const now = useClock(list.some(countsDown));

  useEffect(() => {
    let current = true;
    bridge()
      .listOutbox({ filter: { ticket: detail.key, states: NOT_SENT }, offset: 0, limit: 20 })
      .then(({ items: found }) => current && setItems({ key: detail.key, list: found.filter((i) => i.ticket?.accountId === detail.accountId) }))
      // The Outbox itself shows why the log cannot be read; here it would only repeat it.
      .catch(() => current && setItems({ key: detail.key, list: [] }));
    return () => {
      current = false;
    };
  }, [detail.key, detail.accountId, revision]);

  if (list.length === 0) return null;
  return (
    <section className="ticket-outgoing" aria-label="Mail from this ticket not sent yet" data-testid="ticket-outgoing">
      {list.map((item) => {
        const when = stateDetail(item, now);
        return (
          <div key={item.id} className={`ticket-outgoing__item ticket-outgoing__item--${item.state}`} data-testid="ticket-outgoing-item" data-state={item.state}>
            <div className="ticket-outgoing__line">
              <OutboxStatePill state={item.state} />
              <span className="ticket-outgoing__subject">{subjectOrPlaceholder(item.subject)}</span>
              <span className="ticket-outgoing__to">
                to <RecipientLine recipients={item.recipients} />
              </span>
              {when && <span className="ticket-outgoing__when">{when}</span>}
              <button type="button" className="button button--small button--secondary ticket-outgoing__show" data-testid="ticket-outgoing-show" onClick={() => showInOutbox(item)}>
                {item.state === 'failed' || item.state === 'uncertain' ? 'Why, and what to do' : 'Show in Outbox'}
              </button>
            </div>
            {item.error && <p className="ticket-outgoing__cause">{item.error.cause}</p>}
          </div>
        );
      })}
    </section>
  );
}
