/**
 * Screenshots for people to look at (test-results/screenshots/), at the three window sizes
 * the layout is judged at: a small laptop, the usual desktop and a full-HD screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

export const SHOTS = path.resolve(__dirname, '../../test-results/screenshots');

export const SCREEN_SIZES = [
  { width: 1024, height: 700 },
  { width: 1400, height: 900 },
  { width: 1920, height: 1080 },
] as const;

/**
 * `name-<width>x<height>.png` at each size, then the window back at the size it had.
 * `atSize` runs after each resize, before the picture (to scroll something into view).
 */
export async function screenshotsAtSizes(page: Page, name: string, options: { atSize?: () => Promise<void> } = {}): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const restore = page.viewportSize() ?? SCREEN_SIZES[1];
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await options.atSize?.();
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(restore);
}
