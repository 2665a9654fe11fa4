import type { AccountDraft, ConnectionStep, ConnectionTestResult } from '../../../src-preload/contract';
import { explainError } from '../errors/explain';
import { createImapClient, createSmtpTransport } from '../mail/connections';

export function loginName(draft: Pick<AccountDraft, 'username' | 'email'>): string {
  return draft.username.trim() || draft.email.trim();
}

const describeSecurity = (s: AccountDraft['imap']['security']) =>
  s === 'tls' ? 'SSL/TLS' : s === 'starttls' ? 'STARTTLS' : 'no encryption';

/**
 * Signs in to IMAP, lists the folders and signs in to SMTP, step by step, so the
 * admin sees exactly which part fails and why. Never throws.
 */
export async function testConnection(draft: AccountDraft): Promise<ConnectionTestResult> {
  const credentials = { user: loginName(draft), pass: draft.password };
  const steps: ConnectionStep[] = [];
  let folders: string[] = [];

  const imap = createImapClient(draft.imap, credentials);
  imap.on('error', () => undefined); // surfaced through the awaited calls below
  try {
    await imap.connect();
    steps.push({
      step: 'imap-login',
      ok: true,
      detail: `Signed in to ${draft.imap.host}:${draft.imap.port} as ${credentials.user} (${describeSecurity(draft.imap.security)})`,
    });
    try {
      const list = await imap.list();
      folders = list.map((m) => m.path);
      steps.push({ step: 'folders', ok: true, detail: `${folders.length} folder${folders.length === 1 ? '' : 's'} found` });
    } catch (err) {
      steps.push({ step: 'folders', ok: false, error: explainError(err, { protocol: 'imap', ...draft.imap }) });
    }
  } catch (err) {
    steps.push({ step: 'imap-login', ok: false, error: explainError(err, { protocol: 'imap', ...draft.imap }) });
  } finally {
    await imap.logout().catch(() => imap.close());
  }

  const smtp = createSmtpTransport(draft.smtp, credentials);
  try {
    await smtp.verify();
    steps.push({
      step: 'smtp-login',
      ok: true,
      detail: `Signed in to ${draft.smtp.host}:${draft.smtp.port} as ${credentials.user} (${describeSecurity(draft.smtp.security)})`,
    });
  } catch (err) {
    steps.push({ step: 'smtp-login', ok: false, error: explainError(err, { protocol: 'smtp', ...draft.smtp }) });
  } finally {
    smtp.close();
  }

  return { ok: steps.every((s) => s.ok), steps, folders };
}
