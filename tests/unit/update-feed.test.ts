import { describe, expect, it } from 'vitest';
import { updateFeedUrl } from '../../src-main/electron/policy/update-feed';

describe('updateFeedUrl', () => {
  it('reads the https feed electron-builder wrote into app-update.yml', () => {
    expect(updateFeedUrl('provider: generic\nurl: https://updates.example.com/mailroom/\nupdaterCacheDirName: mailroom-updater\n')).toBe(
      'https://updates.example.com/mailroom/',
    );
    expect(updateFeedUrl("provider: generic\nurl: 'https://updates.example.com/m'\n")).toBe('https://updates.example.com/m');
  });

  it('is off when no feed was set when packaging, or the feed is not https', () => {
    expect(updateFeedUrl("provider: generic\nurl: ''\nupdaterCacheDirName: mailroom-updater\n")).toBeNull();
    expect(updateFeedUrl('provider: generic\nurl:\n')).toBeNull();
    expect(updateFeedUrl('provider: generic\nurl: http://updates.example.com/\n')).toBeNull();
    expect(updateFeedUrl('provider: generic\n')).toBeNull();
    expect(updateFeedUrl('')).toBeNull();
  });
});
