import { formatSize } from '../lib/format';
import { InfoIcon } from '../ui/icons';
import { Notice } from './Notice';

/** Above the beginning of a long body: how much it holds, and the button that shows it all. */
export function ShowWholeMessage({ bytes, onShow }: { bytes: number; onShow: () => void }) {
  return (
    <Notice kind="info" icon={<InfoIcon size={15} />} testId="long-body-notice">
      <span className="mv-long__text">Only the beginning of this long message is shown.</span>
      <button type="button" className="button button--small button--secondary" onClick={onShow}>
        Show the whole message ({formatSize(bytes)})
      </button>
    </Notice>
  );
}
