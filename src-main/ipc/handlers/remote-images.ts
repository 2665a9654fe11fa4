import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { fetchRemoteImages } from '../../services/mail/remote-images';
import { TrustedImageSenders } from '../../services/mail/trusted-image-senders';

export function remoteImageHandlers(s: Services): Pick<Handlers, 'fetchRemoteImages' | 'listTrustedImageSenders' | 'setImageSenderTrusted'> {
  const trusted = new TrustedImageSenders(s.platform.settings);
  return {
    fetchRemoteImages: async ({ urls }) => fetchRemoteImages(urls, s.remoteImagePolicy),
    listTrustedImageSenders: async () => trusted.list(),
    setImageSenderTrusted: async ({ address, trusted: on }) => trusted.set(address, on),
  };
}
