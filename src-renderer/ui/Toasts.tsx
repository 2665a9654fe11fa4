import { useEffect, useRef } from 'react';
import { useToastsStore, type Toast } from '../stores/toasts';
import { ErrorText } from './ErrorBox';
import { AlertIcon, CheckIcon, CrossIcon, InfoIcon } from './icons';

function ToastCard({ toast }: { toast: Toast }) {
  const dismiss = useToastsStore((s) => s.dismiss);
  const data = Object.fromEntries(Object.entries(toast.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  const Icon = toast.kind === 'success' ? CheckIcon : toast.kind === 'error' ? AlertIcon : InfoIcon;
  return (
    <div className={`toast toast--${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid={toast.testId} {...data}>
      <span className="toast__icon">
        <Icon size={15} />
      </span>
      <div className="toast__body">
        <p className="toast__title">{toast.title}</p>
        {toast.text && <p className="toast__text">{toast.text}</p>}
        {toast.error && (
          <div className="toast__error">
            <ErrorText error={toast.error} />
          </div>
        )}
      </div>
      <button type="button" className="icon-button toast__close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        <CrossIcon size={14} />
      </button>
    </div>
  );
}

/**
 * Short-lived messages in the bottom right corner. A manual popover lives in the
 * top layer, so a result that arrives while a dialog is open shows above it;
 * showing it again after each new toast keeps it above a dialog opened later.
 */
export function Toasts() {
  const toasts = useToastsStore((s) => s.toasts);
  const ref = useRef<HTMLDivElement>(null);
  const newest = toasts[toasts.length - 1]?.id;

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof el.showPopover !== 'function') return;
    if (el.matches(':popover-open')) el.hidePopover();
    el.showPopover();
  }, [newest]);

  if (toasts.length === 0) return null;
  return (
    <div ref={ref} className="toasts" popover="manual" aria-live="polite">
      {toasts.map((t) => (
        <ToastCard key={t.id} toast={t} />
      ))}
    </div>
  );
}
