import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A native modal <dialog>: focus is trapped, the page behind is inert, and Escape
 * closes it unless `canClose` says something is still in flight.
 */
export function Modal({
  open,
  onClose,
  canClose,
  labelledBy,
  className,
  testId,
  children,
}: {
  open: boolean;
  onClose(): void;
  canClose?: () => boolean;
  labelledBy: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={labelledBy}
      data-testid={testId}
      // React bubbles cancel and close through the component tree: a dialog opened inside this one must not close it too.
      onCancel={(e) => {
        if (e.target !== e.currentTarget) return;
        e.preventDefault();
        if (!canClose || canClose()) onClose();
      }}
      onClose={(e) => {
        if (e.target === e.currentTarget && open) onClose();
      }}
    >
      {open && children}
    </dialog>
  );
}
