// Renders assets/icon.svg to assets/icon.png (1024x1024, transparent corners) with
// headless Chromium, so the PNG electron-builder converts is reproducible.
//
//   node scripts/render-icons.mjs
//
// Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through
// playwright-core, which comes with @playwright/test.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'assets/icon.svg');
const target = path.join(root, 'assets/icon.png');
const SIZE = 1024;

const svg = await readFile(source, 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}svg{display:block;width:${SIZE}px;height:${SIZE}px}</style></head><body>${svg}</body></html>`,
  );
  const png = await page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
  await writeFile(target, png);
  console.log(`wrote ${path.relative(root, target)} (${png.length} bytes)`);
} finally {
  await browser.close();
}
