import type { CannedAnswerView } from '../../../src-preload/contract';
import { GlobeIcon, InboxIcon } from '../../ui/icons';

/** Which tickets offer the answer: an icon with its words, so the icon never stands alone. */
export function ScopeLabel({ answer }: { answer: Pick<CannedAnswerView, 'scope' | 'accountName'> }) {
  const general = answer.scope === 'general';
  return (
    <span className={`canned-scope canned-scope--${answer.scope}`} data-testid="canned-scope" data-scope={answer.scope}>
      {general ? <GlobeIcon size={13} /> : <InboxIcon size={13} />}
      {general ? 'All accounts' : answer.accountName || 'An account not on this computer'}
    </span>
  );
}
