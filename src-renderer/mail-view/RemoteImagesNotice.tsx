import { ImageIcon, ShieldIcon } from '../ui/icons';
import { Notice } from './Notice';
import type { RemoteImages } from './use-remote-images';

/**
 * Above an HTML mail with remote images: blocked, with "Show images" and "Always show
 * images from <sender>"; once shown, how many could not be loaded, and for a trusted
 * sender the way to stop trusting them.
 */
export function RemoteImagesNotice({ blocked, sender, remote }: { blocked: number; sender: string | null; remote: RemoteImages }) {
  if (!remote.shown) {
    return (
      <Notice kind="info" icon={<ShieldIcon size={15} />} testId="remote-images-blocked">
        <strong>Remote images blocked ({blocked}).</strong> They were not loaded, to protect your privacy: senders use them to see when and
        where a message is read.
        <span className="notice__actions">
          <button type="button" className="button button--small button--secondary" data-testid="show-images" onClick={remote.show}>
            Show images
          </button>
          {sender && (
            <button type="button" className="button button--small button--ghost" data-testid="always-show-images" onClick={() => remote.trustSender(true)}>
              Always show images from {sender}
            </button>
          )}
        </span>
      </Notice>
    );
  }
  const failed = remote.failed.length;
  return (
    <Notice kind="info" icon={<ImageIcon size={15} />} testId="remote-images-shown">
      <span data-testid="remote-images-state" data-state={remote.loading ? 'loading' : 'done'}>
        {remote.loading ? 'Loading images…' : failed > 0 ? `Images shown; ${failed} could not be loaded (${remote.failed[0]!.failed}).` : 'Images shown.'}
      </span>
      {remote.senderTrusted ? (
        <span className="notice__actions">
          Images from {sender} are always shown.
          <button type="button" className="button button--small button--ghost" data-testid="stop-always-show-images" onClick={() => remote.trustSender(false)}>
            Stop always showing
          </button>
        </span>
      ) : (
        sender && (
          <span className="notice__actions">
            <button type="button" className="button button--small button--ghost" data-testid="always-show-images" onClick={() => remote.trustSender(true)}>
              Always show images from {sender}
            </button>
          </span>
        )
      )}
    </Notice>
  );
}
