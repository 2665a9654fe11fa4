import { useEffect, useState } from 'react';

/** Seconds left until expiresAt, ticking each second; main decides what happens at zero. */
export function OfferCountdown({ expiresAt }: { expiresAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  const left = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  return (
    <span className="offer-countdown" data-testid="offer-countdown" role="timer" aria-live="off">
      {left > 0 ? `${left} s left to accept` : 'Time is up: it goes back to the queue'}
    </span>
  );
}
