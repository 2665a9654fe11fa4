import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium against the browser host, with the real
 * services and real mail servers (see tests/support/). Screenshots land in
 * test-results/screenshots for people to look at.
 */
export default defineConfig({
  testDir: './e2e',
  globalSetup: './support/dist-fresh.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results/playwright',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
    trace: 'retain-on-failure',
  },
});
