import type { DiscoveryStep, ServerSuggestion } from '../../../../src-preload/contract';
import { Spinner } from '../../../ui/Spinner';
import { SECURITY_OPTIONS, type ServerKind } from '../draft';
import type { AccountFormApi } from '../useAccountForm';
import type { ServerDiscoveryState } from '../useServerDiscovery';

const OUTCOME_ICON: Record<DiscoveryStep['outcome'], string> = { found: '✓', none: '–', failed: '!', skipped: '·' };

const securityLabel = (s: ServerSuggestion['security']) => SECURITY_OPTIONS.find((o) => o.value === s)?.label ?? s;

/** "Use imap.example.test" with the port and encryption it comes with. */
function SuggestionButton({ suggestion, inUse, onUse, testId }: { suggestion: ServerSuggestion; inUse: boolean; onUse(): void; testId: string }) {
  return (
    <button
      type="button"
      className={`suggestion${inUse ? ' suggestion--in-use' : ''}`}
      data-testid={testId}
      data-host={suggestion.host}
      aria-pressed={inUse}
      onClick={onUse}
    >
      <span className="suggestion__main">{inUse ? `Using ${suggestion.host}` : `Use ${suggestion.host}`}</span>
      <span className="suggestion__meta">
        port {suggestion.port} · {securityLabel(suggestion.security)}
      </span>
    </button>
  );
}

const inUse = (form: AccountFormApi, kind: ServerKind, s: ServerSuggestion) =>
  form.fields[`${kind}.host`].trim().toLowerCase() === s.host && form.fields[`${kind}.port`].trim() === String(s.port) && form.fields[`${kind}.security`] === s.security;

function applySuggestion(form: AccountFormApi, kind: ServerKind, s: ServerSuggestion): void {
  form.setFields({ [`${kind}.host`]: s.host, [`${kind}.port`]: String(s.port), [`${kind}.security`]: s.security });
}

/**
 * Beside the address: what the lookup is doing, and the best servers it found as one
 * button, so the admin need not scroll to the server sections.
 */
export function ServerLookupSummary({ form, lookup, onShowSteps }: { form: AccountFormApi; lookup: ServerDiscoveryState; onShowSteps(): void }) {
  if (!lookup.domain) return null;
  if (lookup.looking) {
    return (
      <p className="lookup-summary" data-testid="lookup-summary" aria-live="polite">
        <Spinner size={11} /> Looking up the servers for {lookup.domain}…
      </p>
    );
  }
  const imap = lookup.result?.imap[0];
  const smtp = lookup.result?.smtp[0];
  if (!lookup.result) return null;
  const both = imap && smtp && inUse(form, 'imap', imap) && inUse(form, 'smtp', smtp);
  return (
    <div className="lookup-summary" data-testid="lookup-summary" aria-live="polite">
      <span>
        {imap || smtp ? `Servers found for ${lookup.result.domain}.` : `No servers found for ${lookup.result.domain}: enter them below.`}{' '}
        <button type="button" className="link-button" onClick={onShowSteps}>
          Where Mailroom looked
        </button>
      </span>
      {(imap ?? smtp) && !both && (
        <button
          type="button"
          className="suggestion"
          data-testid="use-found-servers"
          onClick={() => {
            if (imap) applySuggestion(form, 'imap', imap);
            if (smtp) applySuggestion(form, 'smtp', smtp);
          }}
        >
          <span className="suggestion__main">Use {[imap?.host, smtp?.host].filter((h, i, all) => h && all.indexOf(h) === i).join(' and ')}</span>
          <span className="suggestion__meta">
            {[imap && `IMAP ${imap.port} · ${securityLabel(imap.security)}`, smtp && `SMTP ${smtp.port} · ${securityLabel(smtp.security)}`].filter(Boolean).join(', ')}
          </span>
        </button>
      )}
    </div>
  );
}

/** The found servers of one kind as one-click buttons, best first. */
export function ServerSuggestions({ form, kind, lookup }: { form: AccountFormApi; kind: ServerKind; lookup: ServerDiscoveryState }) {
  const found = lookup.result?.[kind] ?? [];
  if (found.length === 0) return null;
  return (
    <div className="suggestions" data-testid={`${kind}-suggestions`} role="group" aria-label={kind === 'imap' ? 'Found incoming servers' : 'Found outgoing servers'}>
      {found.slice(0, 4).map((s, i) => (
        <SuggestionButton key={`${s.host}:${s.port}:${s.security}`} suggestion={s} inUse={inUse(form, kind, s)} testId={`${kind}-suggestion-${i}`} onUse={() => applySuggestion(form, kind, s)} />
      ))}
    </div>
  );
}

function StepList({ steps }: { steps: DiscoveryStep[] }) {
  return (
    <ol className="lookup__steps">
      {steps.map((s) => (
        <li key={s.step} className={`lookup__step lookup__step--${s.outcome}`} data-step={s.step} data-outcome={s.outcome}>
          <span className="lookup__icon" aria-hidden="true">
            {OUTCOME_ICON[s.outcome]}
          </span>
          <span>
            {s.label}… <span className="lookup__detail">{s.detail}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Each place looked at for the address's servers, and what it gave, as Thunderbird shows it. */
export function ServerLookupSteps({ lookup }: { lookup: ServerDiscoveryState }) {
  if (!lookup.domain) return null;
  if (lookup.looking) {
    return (
      <div className="lookup" data-testid="server-lookup" data-state="looking" aria-live="polite">
        <div className="lookup__title">
          <Spinner size={12} /> Looking up the servers for {lookup.domain}…
        </div>
        {lookup.progress.length > 0 && <StepList steps={lookup.progress} />}
      </div>
    );
  }
  if (lookup.error) {
    return (
      <div className="lookup" data-testid="server-lookup" data-state="failed" aria-live="polite">
        <div className="lookup__title">The servers for {lookup.domain} could not be looked up.</div>
        <p className="lookup__note">
          {lookup.error.cause} Enter them from your provider&rsquo;s instructions.
        </p>
      </div>
    );
  }
  const result = lookup.result;
  if (!result) return null;
  const nothing = result.imap.length === 0 && result.smtp.length === 0;
  return (
    <div className="lookup" data-testid="server-lookup" data-state={nothing ? 'none' : 'found'} aria-live="polite">
      <div className="lookup__title">
        {nothing
          ? `No servers found for ${result.domain}.`
          : result.provider
            ? `${result.provider.label}: servers found. Pick them below.`
            : `Servers found for ${result.domain}. Pick them below.`}
      </div>
      <StepList steps={result.steps} />
      {nothing && <p className="lookup__note">Enter the servers from your provider&rsquo;s instructions, or ask your mail administrator.</p>}
      {result.provider && <p className="lookup__note">{result.provider.passwordHint}</p>}
    </div>
  );
}
