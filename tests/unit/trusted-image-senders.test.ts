import { describe, expect, it } from 'vitest';
import type { SettingsStore } from '../../src-main/services/platform/interfaces';
import { TrustedImageSenders } from '../../src-main/services/mail/trusted-image-senders';

/** A settings store that keeps values as the JSON file would: copies, not shared objects. */
function settingsOf(initial: Record<string, unknown> = {}): SettingsStore & { values: Record<string, unknown> } {
  const values = { ...initial };
  return {
    values,
    get: <T>(key: string, fallback: T) => (key in values ? (JSON.parse(JSON.stringify(values[key])) as T) : fallback),
    set: <T>(key: string, value: T) => {
      values[key] = JSON.parse(JSON.stringify(value)) as unknown;
    },
  };
}

describe('TrustedImageSenders', () => {
  it('trusts an address once, lower-cased, and stops trusting it', () => {
    const settings = settingsOf();
    const trusted = new TrustedImageSenders(settings);
    expect(trusted.set(' News@Shop.Example ', true)).toEqual(['news@shop.example']);
    expect(trusted.set('news@shop.example', true)).toEqual(['news@shop.example']);
    expect(new TrustedImageSenders(settings).set('a@b.example', true)).toEqual(['a@b.example', 'news@shop.example']);
    expect(trusted.set('NEWS@shop.example', false)).toEqual(['a@b.example']);
    expect(settings.values['mail.trustedImageSenders']).toEqual(['a@b.example']);
  });

  it('trusts nobody from a value it cannot read', () => {
    expect(new TrustedImageSenders(settingsOf({ 'mail.trustedImageSenders': 'everyone' })).list()).toEqual([]);
    expect(new TrustedImageSenders(settingsOf({ 'mail.trustedImageSenders': ['a@b.example', 7] })).list()).toEqual(['a@b.example']);
  });
});
