import type { ErrorInfo } from '../../src-preload/contract';
import { RefreshIcon } from './icons';

/** The server's own words, folded away: useful for support, noise for everyone else. */
export function ServerSaid({ detail }: { detail: string | undefined }) {
  if (!detail) return null;
  return (
    <details className="server-said">
      <summary>Server said</summary>
      <code>{detail}</code>
    </details>
  );
}

/** Cause, then the fix in plain words. */
export function ErrorText({ error }: { error: ErrorInfo }) {
  return (
    <>
      <p className="error-text__cause">{error.cause}</p>
      <p className="error-text__fix">
        <strong>How to fix:</strong> {error.fix}
      </p>
      <ServerSaid detail={error.detail} />
    </>
  );
}

export function ErrorBox({ error, title, testId }: { error: ErrorInfo; title?: string; testId?: string }) {
  return (
    <div className="error-box" role="alert" data-testid={testId} data-code={error.code}>
      {title && <p className="error-box__title">{title}</p>}
      <ErrorText error={error} />
    </div>
  );
}

/** A list that failed to load waits for a change; this is the user's way to ask again. */
export function LoadError({ error, title, testId, onRetry }: { error: ErrorInfo; title: string; testId?: string; onRetry: () => void }) {
  return (
    <div className="pane-pad">
      <ErrorBox title={title} error={error} testId={testId} />
      <div className="banner__actions">
        <button type="button" className="button button--small button--secondary" onClick={onRetry}>
          <RefreshIcon size={13} />
          Try again
        </button>
      </div>
    </div>
  );
}
