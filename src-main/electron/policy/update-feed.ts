/**
 * Whether the update channel is on: electron-builder writes the feed of the
 * electron-builder.yml `publish` entry into resources/app-update.yml. The channel
 * stays off until that feed is an https address (MAILROOM_UPDATE_URL when packaging).
 *
 * Pure (no `electron` import), so the rule is unit-tested in plain Node.
 */

/** The https feed URL in an app-update.yml, or null: the channel is off. */
export function updateFeedUrl(appUpdateYml: string): string | null {
  // The file is flat key: value lines written by electron-builder; quotes are optional.
  const line = /^url:[ \t]*(.*)$/m.exec(appUpdateYml);
  const value = line?.[1]?.trim().replace(/^(['"])(.*)\1$/, '$2') ?? '';
  try {
    return new URL(value).protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}
