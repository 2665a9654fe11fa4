import { useState } from 'react';
import {
  canTrustCertificate,
  type CertificateInfo,
  type ConnectionStep,
  type ConnectionStepName,
  type ConnectionTestResult,
  type Security,
  type TrustedCertificate,
} from '../../../src-preload/contract';
import { ErrorText } from '../../ui/ErrorBox';
import { LockIcon, ShieldIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import type { ServerSettingsFix } from './connection-fixes';
import type { ServerKind } from './draft';

interface StepDef {
  step: ConnectionStepName;
  label: string;
  tls?: boolean;
}

const GROUPS: { kind: ServerKind; title: string; steps: StepDef[] }[] = [
  {
    kind: 'imap',
    title: 'Incoming mail (IMAP)',
    steps: [
      { step: 'imap-dns', label: 'Find the server (DNS)' },
      { step: 'imap-tcp', label: 'Reach the port (TCP)' },
      { step: 'imap-tls', label: 'Secure connection (TLS)', tls: true },
      { step: 'imap-login', label: 'Sign in to the IMAP server' },
      { step: 'folders', label: 'List folders' },
    ],
  },
  {
    kind: 'smtp',
    title: 'Outgoing mail (SMTP)',
    steps: [
      { step: 'smtp-dns', label: 'Find the server (DNS)' },
      { step: 'smtp-tcp', label: 'Reach the port (TCP)' },
      { step: 'smtp-tls', label: 'Secure connection (TLS)', tls: true },
      { step: 'smtp-login', label: 'Sign in to the SMTP server' },
    ],
  },
];

const MAX_FOLDERS_SHOWN = 24;

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function formatCertDate(value: string): { text: string; time: number | null } {
  const time = Date.parse(value);
  return Number.isNaN(time) ? { text: value, time: null } : { text: dateFormat.format(new Date(time)), time };
}

/** Who the certificate names, who signed it, how long it is valid, and its fingerprint to compare. */
export function CertificateDetails({ certificate }: { certificate: CertificateInfo }) {
  // The moment the details were first shown is close enough to judge expiry.
  const [now] = useState(() => Date.now());
  const from = formatCertDate(certificate.validFrom);
  const to = formatCertDate(certificate.validTo);
  const expired = to.time !== null && to.time < now;
  const notYet = from.time !== null && from.time > now;
  const selfSigned = certificate.subject === certificate.issuer;
  return (
    <dl className="cert" data-testid="certificate-details">
      <dt>Issued to</dt>
      <dd title={certificate.subject}>{certificate.subject}</dd>
      <dt>Issued by</dt>
      <dd title={certificate.issuer}>
        {certificate.issuer}
        {selfSigned && <span className="cert__tag">self-signed</span>}
      </dd>
      <dt>Valid</dt>
      <dd>
        {from.text} – {to.text}
        {expired && <span className="cert__tag cert__tag--bad">expired</span>}
        {notYet && <span className="cert__tag cert__tag--bad">not valid yet</span>}
      </dd>
      <dt>SHA-256</dt>
      <dd className="cert__fingerprint">{certificate.fingerprint256}</dd>
    </dl>
  );
}

function StepRow({
  def,
  step,
  kind,
  onTrust,
  trustDisabled,
  accepted,
  fixes,
  onFix,
}: {
  def: StepDef;
  step: ConnectionStep | undefined;
  kind: ServerKind;
  /** The certificate the form already accepts for this server, if any. */
  accepted: TrustedCertificate | null;
  onTrust(kind: ServerKind, certificate: CertificateInfo): void;
  trustDisabled: boolean;
  /** One-click fixes for this server, shown under its failed step. */
  fixes: ServerSettingsFix[];
  onFix(fix: ServerSettingsFix): void;
}) {
  if (!step) {
    return (
      <li className="conn-step conn-step--skipped" data-step={def.step} data-step-state="skipped">
        <span className="conn-step__icon" aria-hidden="true">
          –
        </span>
        <div className="conn-step__body">
          <div className="conn-step__label">{def.label}</div>
          <div className="conn-step__detail">Not tried: an earlier step failed.</div>
        </div>
      </li>
    );
  }
  const untrusted = !step.ok && step.error && canTrustCertificate(step.error.code) && step.certificate;
  // A different certificate from the accepted one: a renewal, or someone in between.
  const replaces = Boolean(accepted && step.certificate && accepted.fingerprint256 !== step.certificate.fingerprint256);
  return (
    <li className={`conn-step ${step.ok ? 'conn-step--ok' : 'conn-step--fail'}`} data-step={step.step} data-step-state={step.ok ? 'ok' : 'fail'}>
      <span className="conn-step__icon" aria-label={step.ok ? 'Passed' : 'Failed'} role="img">
        {step.ok ? '✓' : '✗'}
      </span>
      <div className="conn-step__body">
        <div className="conn-step__label">{def.label}</div>
        {step.detail && <div className="conn-step__detail">{step.detail}</div>}
        {step.error && (
          <div className="conn-step__error">
            <ErrorText error={step.error} />
          </div>
        )}
        {!step.ok && fixes.length > 0 && (
          <div className="conn-fixes" data-testid="connection-fixes">
            <span className="conn-fixes__title">One-click fix, tested at once:</span>
            {fixes.map((fix) => (
              <button key={fix.label} type="button" className="button button--secondary button--small" data-testid="connection-fix" disabled={trustDisabled} onClick={() => onFix(fix)}>
                {fix.label}
              </button>
            ))}
          </div>
        )}
        {step.certificate && step.ok && (
          <details className="conn-step__cert">
            <summary>
              <LockIcon size={12} /> {step.certificate.trusted ? 'Certificate' : 'Certificate (accepted for this account)'}
            </summary>
            <CertificateDetails certificate={step.certificate} />
          </details>
        )}
        {step.certificate && !step.ok && (
          <div className="conn-step__cert conn-step__cert--open">
            <CertificateDetails certificate={step.certificate} />
          </div>
        )}
        {untrusted && step.certificate && (
          <div className="trust-box">
            <p className="trust-box__text">
              <ShieldIcon size={14} />
              {replaces ? (
                <span>
                  This is not the certificate you accepted before. Accept it only if the server’s administrator confirms they renewed it and
                  the SHA-256 fingerprint matches theirs; otherwise someone may be intercepting the connection.
                </span>
              ) : (
                <span>
                  Trust it only if this server is meant to use its own certificate (a company server or a private authority). Compare the
                  SHA-256 fingerprint with the one your mail administrator gives you.
                </span>
              )}
            </p>
            <button
              type="button"
              className="button button--secondary button--small"
              data-testid="trust-certificate"
              data-server={kind}
              disabled={trustDisabled}
              onClick={() => onTrust(kind, step.certificate as CertificateInfo)}
            >
              <LockIcon size={13} />
              {replaces ? 'Trust the new certificate instead' : 'Trust this certificate for this account'}
            </button>
          </div>
        )}
      </div>
    </li>
  );
}

/**
 * Which rows a group shows: the steps main reported, plus "not tried" for the
 * ones after a failure (or all of them when main got nowhere with this server).
 * Steps before the first reported one (TLS on an unencrypted server, or an older
 * main that reports only the sign-in) are left out rather than shown as skipped.
 */
function rowsFor(steps: StepDef[], result: ConnectionTestResult, security: Security): { def: StepDef; step: ConnectionStep | undefined }[] {
  const defs = steps.filter((d) => !(d.tls && security === 'none'));
  const rows = defs.map((def) => ({ def, step: result.steps.find((s) => s.step === def.step) }));
  const firstFail = rows.findIndex((r) => r.step && !r.step.ok);
  const none = rows.every((r) => !r.step);
  return rows.filter((r, i) => r.step || (firstFail >= 0 && i > firstFail) || (none && !result.ok));
}

export function ConnectionSteps({
  result,
  testing,
  stale,
  mode,
  security,
  trusted,
  onTrust,
  fixes,
  onFix,
}: {
  result: ConnectionTestResult | null;
  testing: boolean;
  stale: boolean;
  mode: 'add' | 'edit';
  security: Record<ServerKind, Security>;
  trusted: Record<ServerKind, TrustedCertificate | null>;
  onTrust(kind: ServerKind, certificate: CertificateInfo): void;
  fixes: ServerSettingsFix[];
  onFix(fix: ServerSettingsFix): void;
}) {
  if (testing) {
    return (
      <section className="conn-steps conn-steps--testing" data-testid="connection-steps" aria-busy="true" aria-live="polite">
        <header className="conn-steps__header">
          <Spinner /> Testing the connection…
        </header>
        <div className="conn-groups">
        {GROUPS.map((g, gi) => (
          <div key={g.kind} className="conn-group">
            <div className="conn-group__title">{g.title}</div>
            <ol className="conn-steps__list">
              {g.steps
                .filter((d) => !(d.tls && security[g.kind] === 'none'))
                .map((d, i) => (
                  <li key={d.step} className="conn-step conn-step--pending" data-step-state="pending">
                    <span className="conn-step__icon" aria-hidden="true">
                      {i === 0 ? <Spinner size={12} /> : null}
                    </span>
                    <div className="conn-step__body">
                      <div className="conn-step__label">{d.label}</div>
                      <div className="conn-step__detail">{i === 0 && gi === 0 ? 'Checking…' : 'Waiting…'}</div>
                    </div>
                  </li>
                ))}
            </ol>
          </div>
        ))}
        </div>
      </section>
    );
  }

  if (!result) return null;
  const shownFolders = result.folders.slice(0, MAX_FOLDERS_SHOWN);
  const hidden = result.folders.length - shownFolders.length;

  return (
    <section
      className={`conn-steps ${result.ok ? 'conn-steps--ok' : 'conn-steps--fail'}${stale ? ' conn-steps--stale' : ''}`}
      data-testid="connection-steps"
      data-result={result.ok ? 'ok' : 'fail'}
      aria-live="polite"
    >
      <header className="conn-steps__header">
        {result.ok
          ? mode === 'add'
            ? 'Connection works. Save to start syncing this mailbox.'
            : 'Connection works. Save to apply the changes.'
          : 'The connection test failed. Fix the step marked ✗ and test again.'}
      </header>
      {stale && <p className="conn-steps__stale">You changed the settings since this test. Test again to check them.</p>}
      <div className="conn-groups">
      {GROUPS.map((g) => (
        <div key={g.kind} className="conn-group" data-server={g.kind}>
          <div className="conn-group__title">{g.title}</div>
          <ol className="conn-steps__list">
            {rowsFor(g.steps, result, security[g.kind]).map(({ def, step }) => (
              <StepRow
                key={def.step}
                def={def}
                step={step}
                kind={g.kind}
                accepted={trusted[g.kind]}
                onTrust={onTrust}
                trustDisabled={testing}
                fixes={fixes.filter((f) => f.kind === g.kind)}
                onFix={onFix}
              />
            ))}
          </ol>
        </div>
      ))}
      </div>
      {result.folders.length > 0 && (
        <div className="conn-folders">
          <div className="conn-folders__title">{result.folders.length === 1 ? '1 folder found' : `${result.folders.length} folders found`}</div>
          <ul className="conn-folders__list">
            {shownFolders.map((f) => (
              <li key={f} className="chip" title={f}>
                {f}
              </li>
            ))}
            {hidden > 0 && <li className="chip chip--more">+{hidden} more</li>}
          </ul>
        </div>
      )}
    </section>
  );
}
