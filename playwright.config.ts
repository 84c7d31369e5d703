// Playwright: the real UI in Debian's Chromium through the test-only bridge (each test file's
// fixtures start their own bridge on a random port), and the Electron spec on machines that
// have Electron's binary. The global setup builds the renderer when dist/renderer is stale.
import { defineConfig } from '@playwright/test';

/** Debian's Chromium; override with DSD_CHROMIUM on a machine that keeps it elsewhere. */
export const CHROMIUM_PATH = process.env.DSD_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  // Two cores: two workers keep both busy without the lab host and Chromium starving each other.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /electron\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'],
        },
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts$/,
    },
  ],
});
