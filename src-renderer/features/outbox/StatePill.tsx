import type { OutboxState } from '../../../src-preload/contract';
import { STATE_LABEL } from './status';

export function OutboxStatePill({ state }: { state: OutboxState }) {
  return <span className={`outbox-state outbox-state--${state}`}>{STATE_LABEL[state]}</span>;
}
