// Playwright fixtures for the browser bridge: each test gets its own bridge (so a fix applied in
// one test never leaks into another) hosting a fresh lab session with the scenario it asks for,
// and fails when the page logs an error (a CSP violation, an uncaught exception).
import { test as base, expect, type Page } from '@playwright/test';
import { startBridge, type Bridge, type LabDirectoryChoice } from './server';

export interface BridgeFixtures {
  /** Lab scenario the bridge loads at start. */
  scenarioId: string;
  /** The lab's directory: in memory, or the Samba lab DC. */
  labDirectory: LabDirectoryChoice;
  bridge: Bridge;
  /** The page, opened on the app through the bridge. */
  app: Page;
  /** Console errors and uncaught exceptions; checked after each test. */
  pageErrors: string[];
}

export const test = base.extend<BridgeFixtures>({
  scenarioId: ['healthy-entra-connect', { option: true }],
  labDirectory: ['memory', { option: true }],

  bridge: async ({ scenarioId, labDirectory }, use) => {
    const bridge = await startBridge({ scenarioId, lab: labDirectory });
    try {
      await use(bridge);
    } finally {
      await bridge.close();
    }
  },

  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],

  app: async ({ page, bridge }, use) => {
    await page.goto(bridge.url);
    await expect(page.getByTestId('app-context')).toBeVisible();
    await use(page);
  },
});

export { expect };

export const KB2882421_STEP2 = { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' } as const;

/** The state of the ADSync service as the lab host reports it, straight from the bridge (not the UI). */
export async function serviceStateOnHost(bridge: Bridge): Promise<{ status: string; state: string | undefined }> {
  const probe = await bridge.call('step:probe', KB2882421_STEP2);
  if (!probe.ok) throw new Error(`step:probe failed: ${probe.error.code}: ${probe.error.message}`);
  return { status: probe.value.status, state: probe.value.evidence.find((e) => e.label === 'State')?.value };
}
