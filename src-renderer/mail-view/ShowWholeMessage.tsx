import { formatSize } from '../lib/format';

/** Below the beginning of a long body: how much is held back, and the button that shows it. */
export function ShowWholeMessage({ bytes, onShow }: { bytes: number; onShow: () => void }) {
  return (
    <div className="mv-long" data-testid="long-body-notice">
      <span className="mv-long__text">Only the beginning of this long message is shown.</span>
      <button type="button" className="button button--small button--secondary" onClick={onShow}>
        Show the whole message ({formatSize(bytes)})
      </button>
    </div>
  );
}
