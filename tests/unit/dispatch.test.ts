import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../src-main/ipc/dispatch';
import { appError } from '../../src-main/services/errors/app-error';

const handlers = {
  listMailboxes: async ({ accountId }: { accountId: string }) => {
    if (accountId === 'boom') throw appError('mail/not-found', 'It broke.', 'Do the fix.');
    if (accountId === 'crash') throw new Error('connect ECONNREFUSED');
    return [];
  },
} as unknown as Handlers;

describe('dispatch', () => {
  it('rejects unknown channels', async () => {
    expect(await dispatch(handlers, 'deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'ipc/unknown-channel' } });
    expect(await dispatch(handlers, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'ipc/unknown-channel' } });
  });

  it('validates payloads before any handler runs', async () => {
    const result = await dispatch(handlers, 'listMailboxes', { accountId: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc/invalid-request' } });
    expect(await dispatch(handlers, 'listMailboxes', { accountId: 'a', extra: true })).toMatchObject({ ok: false });
  });

  it('passes typed errors through and explains unexpected ones', async () => {
    expect(await dispatch(handlers, 'listMailboxes', { accountId: 'boom' })).toEqual({
      ok: false,
      error: { code: 'mail/not-found', cause: 'It broke.', fix: 'Do the fix.' },
    });
    expect(await dispatch(handlers, 'listMailboxes', { accountId: 'crash' })).toMatchObject({ ok: false, error: { code: 'net/refused' } });
    expect(await dispatch(handlers, 'listMailboxes', { accountId: 'ok' })).toEqual({ ok: true, value: [] });
  });
});
