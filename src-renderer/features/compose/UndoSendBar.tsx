import { useEffect, useState } from 'react';
import { subjectOrPlaceholder } from '../../lib/format';
import { useComposeStore } from '../../stores/compose';

/** "Sending … in 4 s · Undo" while the outbox holds the mail back; gone when the window closes. */
export function UndoSendBar() {
  const item = useComposeStore((s) => s.undoable);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!item) return;
    const tick = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (item.undoUntil === null || t >= item.undoUntil) useComposeStore.getState().dismissUndo();
    }, 250);
    return () => clearInterval(tick);
  }, [item]);

  if (!item || item.undoUntil === null) return null;
  const seconds = Math.max(0, Math.ceil((item.undoUntil - now) / 1000));
  return (
    <div className="undo-send" role="status" data-testid="undo-send" data-outbox-id={item.id}>
      <span className="undo-send__text">
        Sending “{subjectOrPlaceholder(item.subject)}” in <span data-testid="undo-seconds">{seconds}</span> s
      </span>
      <button type="button" className="button button--small button--secondary" data-testid="undo-send-button" onClick={() => void useComposeStore.getState().undoSend()}>
        Undo
      </button>
    </div>
  );
}
