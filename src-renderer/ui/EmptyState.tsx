import type { ReactNode } from 'react';

/** A centred message that says what is going on and what to do next. */
export function EmptyState({
  icon,
  title,
  children,
  action,
  testId = 'empty-state',
  kind,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
  kind?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId} data-kind={kind}>
      {icon && <div className="empty-state__icon">{icon}</div>}
      <h2 className="empty-state__title">{title}</h2>
      {children && <div className="empty-state__body">{children}</div>}
      {action && <div className="empty-state__action">{action}</div>}
    </div>
  );
}
