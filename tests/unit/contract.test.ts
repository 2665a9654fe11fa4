import { describe, expect, it } from 'vitest';
import {
  buildBridge,
  channels,
  channelsByDomain,
  eventNames,
  eventsByDomain,
  IPC_EVENT_CHANNEL,
  ipcChannelOf,
  MailroomError,
  type Result,
} from '../../src-preload/contract';

/** Every name of every domain, in domain order: a name two domains share shows up twice. */
const namesOf = (byDomain: Record<string, object>) => Object.values(byDomain).flatMap((map) => Object.keys(map));

describe('the contract merged from its domains', () => {
  it('has every domain channel once: no domain silently replaces another one', () => {
    const all = namesOf(channelsByDomain);
    expect(new Set(all).size).toBe(all.length);
    expect([...channels].sort()).toEqual([...all].sort());
  });

  it('lists exactly the events the domains define, each once', () => {
    const all = namesOf(eventsByDomain);
    expect(new Set(all).size).toBe(all.length);
    expect([...eventNames].sort()).toEqual([...all].sort());
    expect(eventNames).toContain('syncProgress');
  });

  it('names one Electron IPC channel per call, none of them the event channel', () => {
    const names = channels.map(ipcChannelOf);
    expect(new Set(names).size).toBe(channels.length);
    expect(names).not.toContain(IPC_EVENT_CHANNEL);
    expect(ipcChannelOf('getStatus')).toBe('mailroom:getStatus');
  });
});

describe('buildBridge', () => {
  it('offers every channel, passes calls and events through and turns error envelopes into MailroomError', async () => {
    const calls: [string, unknown][] = [];
    const subscribed: string[] = [];
    const bridge = buildBridge({
      invoke: async (channel, request): Promise<Result<unknown>> => {
        calls.push([channel, request]);
        return channel === 'getMessage'
          ? { ok: false, error: { code: 'mail/not-found', cause: 'The message is gone.', fix: 'Reload the list.' } }
          : { ok: true, value: 'answer' };
      },
      subscribe: (event) => {
        subscribed.push(event);
        return () => undefined;
      },
    });
    for (const channel of channels) expect(typeof bridge[channel]).toBe('function');
    expect(await bridge.listMailboxes({ accountId: 'a' })).toBe('answer');
    const failed = bridge.getMessage({ messageId: 'm' });
    await expect(failed).rejects.toBeInstanceOf(MailroomError);
    await expect(failed).rejects.toMatchObject({ message: 'The message is gone.', info: { code: 'mail/not-found', fix: 'Reload the list.' } });
    bridge.on('messagesChanged', () => undefined);
    expect(calls).toEqual([
      ['listMailboxes', { accountId: 'a' }],
      ['getMessage', { messageId: 'm' }],
    ]);
    expect(subscribed).toEqual(['messagesChanged']);
  });
});
