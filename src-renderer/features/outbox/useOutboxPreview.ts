import { useEffect, useState } from 'react';
import type { ErrorInfo, OutboxPreview } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { useOutboxStore } from '../../stores/outbox';

/**
 * One outbox item with its body, read again whenever the outbox changes (a state moved on,
 * an action ran), keeping what is shown meanwhile. Null id: nothing.
 */
export function useOutboxPreview(id: string | null): { preview: OutboxPreview | null; error: ErrorInfo | null } {
  const revision = useOutboxStore((s) => s.revision);
  const [loaded, setLoaded] = useState<{ id: string; preview: OutboxPreview | null; error: ErrorInfo | null } | null>(null);

  useEffect(() => {
    if (!id) return;
    let current = true;
    bridge()
      .getOutboxItem({ id })
      .then((preview) => current && setLoaded({ id, preview, error: null }))
      .catch((err: unknown) => current && setLoaded((was) => ({ id, preview: was?.id === id ? was.preview : null, error: toErrorInfo(err) })));
    return () => {
      current = false;
    };
  }, [id, revision]);

  if (!id || loaded?.id !== id) return { preview: null, error: null };
  return { preview: loaded.preview, error: loaded.error };
}

/** The time now: every second while a countdown is on screen, else twice a minute ("next attempt 14:05" needs no more). */
export function useClock(countingDown: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), countingDown ? 1000 : 30_000);
    return () => clearInterval(timer);
  }, [countingDown]);
  return now;
}
