/**
 * Remote images of a message, shown only at the reader's request: main fetches them
 * (no cookies, no referrer, size and type limits) and hands back their bytes as data:
 * URLs, so the sandboxed frame that shows the mail never reaches the network itself.
 */
import { z } from 'zod';
import { EmailSchema, EmptyRequest } from './shared';

/** The most images one message may ask for at once; more are left blocked. */
export const REMOTE_IMAGES_MAX_COUNT = 100;
/** The longest URL fetched: mail trackers pad theirs, but not past this. */
export const REMOTE_IMAGE_URL_MAX_CHARS = 4096;

/** One image's outcome: its bytes as a data: URL, or why it stays blocked (shown broken, never retried by the frame). */
export type RemoteImageResult = { url: string; dataUrl: string } | { url: string; failed: string };

export const remoteImageChannels = {
  /** Fetches a message's remote images (http and https only) in main; each answered in the order asked. */
  fetchRemoteImages: {
    request: z
      .object({ urls: z.array(z.string().min(1).max(REMOTE_IMAGE_URL_MAX_CHARS)).max(REMOTE_IMAGES_MAX_COUNT) })
      .strict(),
    response: {} as RemoteImageResult[],
  },
  /** Senders whose remote images show without asking, lower-cased, sorted. */
  listTrustedImageSenders: { request: EmptyRequest, response: {} as string[] },
  /** Starts or stops showing a sender's remote images without asking; answers the new list. */
  setImageSenderTrusted: {
    request: z.object({ address: EmailSchema, trusted: z.boolean() }).strict(),
    response: {} as string[],
  },
};
