import { formatSize } from '../lib/format';
import { InfoIcon } from '../ui/icons';
import { Notice } from './Notice';

/** Above the beginning of a long body: how much it holds, and the button that shows it all (busy while it is read). */
export function ShowWholeMessage({ bytes, busy = false, onShow }: { bytes: number; busy?: boolean; onShow: () => void }) {
  return (
    <Notice kind="info" icon={<InfoIcon size={15} />} testId="long-body-notice">
      <span className="mv-long__text">{busy ? 'Reading the whole message…' : 'Only the beginning of this long message is shown.'}</span>
      <button type="button" className="button button--small button--secondary" onClick={onShow} disabled={busy} aria-busy={busy}>
        Show the whole message ({formatSize(bytes)})
      </button>
    </Notice>
  );
}
