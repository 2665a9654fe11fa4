/**
 * First paint of a list in Chromium against the browser host: a script installed before
 * the page's own watches the DOM for the list's first filled row and notes the time of the
 * frame after it was inserted (the second requestAnimationFrame: the first frame that shows
 * it has been painted by then), in ms since the navigation started.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import type { RunningHost } from '../support/host';

/** Where a list's rows are, and how to tell a filled row from its placeholder. */
export interface ListProbe {
  name: string;
  /** The address to open (after the host's URL), e.g. "#/interactions". */
  hash: string;
  /** A filled row (not a loading placeholder). */
  rowSelector: string;
  /** The top bar's button that shows the list, by its name (the switch measure clicks it). */
  tab: string;
}

/**
 * Installed before any page script: for each selector, the time its first row showed.
 * A string, not a function: the TypeScript loader decorates compiled functions with
 * helpers the page does not have.
 */
function watchRows(selectors: string[]): string {
  return `(() => {
    const selectors = ${JSON.stringify(selectors)};
    const seen = {};
    window.__firstRowPaint = seen;
    const check = () => {
      for (const selector of selectors) {
        if (selector in seen || !document.querySelector(selector)) continue;
        seen[selector] = -1;
        requestAnimationFrame(() => requestAnimationFrame(() => (seen[selector] = performance.now())));
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  })();`;
}

async function paintedAt(page: Page, selector: string): Promise<number> {
  // Functions given to the page hold no named inner functions (see watchRows).
  const handle = await page.waitForFunction(
    (s) => {
      const at = (window as { __firstRowPaint?: Record<string, number> }).__firstRowPaint?.[s];
      return at !== undefined && at >= 0 ? at : null;
    },
    selector,
    { timeout: 120_000, polling: 10 },
  );
  return (await handle.jsonValue()) as number;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** Opening the list's address in a fresh page: navigation start → first row painted (the bundle, the bridge, the query, the render). */
export async function openPaint(browser: Browser, host: RunningHost, probe: ListProbe): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: watchRows([probe.rowSelector]) });
    await page.goto(`${host.url}${probe.hash}`);
    return await paintedAt(page, probe.rowSelector);
  } finally {
    await context.close();
  }
}

/**
 * Switching to the list in a page that is up (another workspace showing): click on its
 * tab → first row painted. The list's own cost, without loading the page.
 */
export async function switchPaint(browser: Browser, host: RunningHost, probe: ListProbe, from: ListProbe): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: watchRows([from.rowSelector, probe.rowSelector]) });
    await page.goto(`${host.url}${from.hash}`);
    await paintedAt(page, from.rowSelector);
    const tab = page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: probe.tab, exact: true });
    await tab.waitFor();
    // The click's own time in the page (Playwright's checks before clicking are not the list's cost).
    await page.evaluate(() => {
      const w = window as { __clickAt?: number };
      window.addEventListener('click', () => (w.__clickAt ??= performance.now()), { capture: true });
    });
    await tab.click();
    const painted = await paintedAt(page, probe.rowSelector);
    return painted - (await page.evaluate(() => (window as { __clickAt?: number }).__clickAt ?? Number.NaN));
  } finally {
    await context.close();
  }
}
