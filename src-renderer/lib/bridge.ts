import type { ErrorInfo, MailroomBridge } from '../../src-preload/contract';

/**
 * The only way the renderer reaches main. Electron's preload and the browser
 * host both define window.mailroom before this bundle runs; nothing here cares which.
 */
export function bridge(): MailroomBridge {
  const value = (window as Partial<Window>).mailroom;
  if (!value) throw new Error('window.mailroom is missing: the preload or host script did not run.');
  return value;
}

export function hasBridge(): boolean {
  return Boolean((window as Partial<Window>).mailroom);
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.cause === 'string' && typeof v.fix === 'string';
}

/**
 * Turns anything a bridge call rejected with into cause + fix. The bridge throws
 * MailroomError, but the class may come from another bundle (the host's injected
 * script), so this checks the shape of `.info` rather than using instanceof.
 */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err && typeof err === 'object' && 'info' in err && isErrorInfo((err as { info: unknown }).info)) {
    return (err as { info: ErrorInfo }).info;
  }
  if (isErrorInfo(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'renderer/unexpected',
    cause: 'Something went wrong while talking to Mailroom.',
    fix: 'Try again. If it keeps happening, restart Mailroom.',
    detail: message,
  };
}
