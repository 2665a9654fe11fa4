import { useEffect, useMemo, useRef, useState } from 'react';
import { REMOTE_IMAGES_MAX_COUNT, type RemoteImageResult } from '../../src-preload/contract';
import { bridge } from '../lib/bridge';
import { useTrustedImageSendersStore } from '../stores/trustedImageSenders';

export interface RemoteImages {
  /** URL → data: URL for the images main fetched. */
  images: ReadonlyMap<string, string>;
  /** Images main could not or would not fetch, with why. */
  failed: { url: string; failed: string }[];
  /** The reader asked, or trusts the sender: images are being or have been fetched. */
  shown: boolean;
  loading: boolean;
  /** The sender's images show without asking. */
  senderTrusted: boolean;
  show(): void;
  /** Always (true) or no longer (false) show this sender's images without asking. */
  trustSender(trusted: boolean): void;
}

/**
 * A message's remote images: blocked until the reader asks (show) or trusts the sender,
 * then fetched by main once each. A failure stays failed: the frame has no network to
 * retry with, and main is asked again only when the message is opened again.
 */
export function useRemoteImages(urls: readonly string[], sender: string | null): RemoteImages {
  const trusted = useTrustedImageSendersStore((st) => st.list);
  const loadTrusted = useTrustedImageSendersStore((st) => st.load);
  const setTrusted = useTrustedImageSendersStore((st) => st.setTrusted);
  const address = sender?.trim().toLowerCase() ?? '';
  const senderTrusted = address !== '' && (trusted?.includes(address) ?? false);
  const [asked, setAsked] = useState(false);
  const [results, setResults] = useState<ReadonlyMap<string, RemoteImageResult>>(new Map());
  const [pending, setPending] = useState(0);
  const requested = useRef(new Set<string>());
  const shown = asked || senderTrusted;

  // Unknown trust (not read yet, or unreadable) shows nothing on its own; the reader can still ask per message.
  useEffect(() => {
    void loadTrusted();
  }, [loadTrusted]);

  useEffect(() => {
    if (!shown) return;
    const missing = urls.filter((u) => !requested.current.has(u)).slice(0, REMOTE_IMAGES_MAX_COUNT);
    if (missing.length === 0) return;
    for (const u of missing) requested.current.add(u);
    const record = (answers: RemoteImageResult[]) =>
      setResults((before) => {
        const next = new Map(before);
        for (const answer of answers) next.set(answer.url, answer);
        return next;
      });
    setPending((n) => n + 1);
    bridge()
      .fetchRemoteImages({ urls: missing })
      .then(record)
      .catch(() => record(missing.map((url) => ({ url, failed: 'could not be fetched' }))))
      .finally(() => setPending((n) => n - 1));
  }, [shown, urls]);

  const { images, failed } = useMemo(() => {
    const fetched = new Map<string, string>();
    const refused: { url: string; failed: string }[] = [];
    for (const r of results.values()) {
      if ('dataUrl' in r) fetched.set(r.url, r.dataUrl);
      else refused.push(r);
    }
    return { images: fetched, failed: refused };
  }, [results]);

  return {
    images,
    failed,
    shown,
    loading: pending > 0,
    senderTrusted,
    show: () => setAsked(true),
    trustSender: (on) => {
      if (!address) return;
      if (!on) setAsked(true); // the images on screen stay for this message
      void setTrusted(address, on);
    },
  };
}
