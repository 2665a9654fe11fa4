/**
 * Runs `fn` at most once per `ms`: at once when idle, then once more at the end
 * of the window if calls arrived meanwhile. Sync sends bursts of events; the
 * list only needs to catch up a few times a second.
 */
export function throttle(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  const fire = () => {
    timer = null;
    if (pending) {
      pending = false;
      fn();
      timer = setTimeout(fire, ms);
    }
  };
  return () => {
    if (timer) {
      pending = true;
      return;
    }
    fn();
    timer = setTimeout(fire, ms);
  };
}

/** One throttle per key (for example per account). */
export function keyedThrottle(fn: (key: string) => void, ms: number): (key: string) => void {
  const byKey = new Map<string, () => void>();
  return (key) => {
    let t = byKey.get(key);
    if (!t) {
      t = throttle(() => fn(key), ms);
      byKey.set(key, t);
    }
    t();
  };
}
