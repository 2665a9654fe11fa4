import {
  contract,
  type Channel,
  type RequestOf,
  type ResponseOf,
  type Result,
} from '../../src-preload/contract';
import { explainError } from '../services/errors/explain';

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/**
 * The one door every bridge call goes through, in Electron and in the browser host:
 * unknown channels and malformed payloads get a typed error, never reach a service,
 * and a failing service never crashes the process.
 */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: { code: 'ipc/unknown-channel', cause: 'The app asked for something main does not offer.', fix: 'Update Mailroom; this is a bug if it persists.', detail: String(channel).slice(0, 100) },
    };
  }
  const parsed = contract[channel].request.safeParse(payload);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    return {
      ok: false,
      error: { code: 'ipc/invalid-request', cause: 'The request was not in the expected shape.', fix: 'Check the highlighted fields and try again.', detail },
    };
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: explainError(err) };
  }
}
