import type { ReactNode } from 'react';

/** A line above a message's body: something blocked or unreadable, and why. */
export function Notice({ kind, icon, children, testId }: { kind: 'warning' | 'info'; icon: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className={`notice notice--${kind}`} data-testid={testId} role={kind === 'warning' ? 'status' : undefined}>
      <span className="notice__icon">{icon}</span>
      <div className="notice__text">{children}</div>
    </div>
  );
}
