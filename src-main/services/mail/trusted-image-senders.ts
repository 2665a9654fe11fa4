/**
 * Senders whose remote images the reader chose to always show, kept in this computer's
 * settings (a reader's privacy choice, not the team's). Addresses are compared lower-cased.
 */
import type { SettingsStore } from '../platform/interfaces';

const KEY = 'mail.trustedImageSenders';

export class TrustedImageSenders {
  constructor(private readonly settings: SettingsStore) {}

  list(): string[] {
    const stored = this.settings.get<unknown>(KEY, []);
    // A value in a shape this build cannot read trusts nobody.
    return Array.isArray(stored) ? stored.filter((a): a is string => typeof a === 'string').sort() : [];
  }

  set(address: string, trusted: boolean): string[] {
    const normal = address.trim().toLowerCase();
    const others = this.list().filter((a) => a !== normal);
    const next = (trusted ? [...others, normal] : others).sort();
    this.settings.set(KEY, next);
    return next;
  }
}
