// Playwright fixtures for the browser bridge: each test gets its own bridge (so a fix applied in
// one test never leaks into another) hosting a fresh lab session with the scenario it asks for,
// and fails when the page logs an error (a CSP violation, an uncaught exception).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { DirectoryLatencyOptions } from '../../electron/lab/directory-latency';
import { startBridge, type Bridge, type LabDirectoryChoice } from '../../dev/bridge/server';

export interface BridgeFixtures {
  /** Lab scenario the bridge loads at start. */
  scenarioId: string;
  /** Simulated time of one connector run of a lab sync cycle (ms); 0: the lab's default. */
  labRunMs: number;
  /** The lab's directory: in memory, or the Samba lab DC. */
  labDirectory: LabDirectoryChoice;
  /** Simulated directory latency, for tests that cancel a scan or stop a batch midway; null: none. */
  labDirectoryLatency: DirectoryLatencyOptions | null;
  bridge: Bridge;
  /** The session's data dir (audit log, saved progress): tests read what the app wrote there. */
  dataDir: string;
  /** The page, opened on the app through the bridge. */
  app: Page;
  /** Console errors and uncaught exceptions; checked after each test. */
  pageErrors: string[];
}

export const test = base.extend<BridgeFixtures>({
  scenarioId: ['healthy-entra-connect', { option: true }],
  labRunMs: [0, { option: true }],
  labDirectory: ['memory', { option: true }],
  labDirectoryLatency: [null, { option: true }],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-e2e-'));
    try {
      await use(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },

  bridge: async ({ scenarioId, labRunMs, labDirectory, labDirectoryLatency, dataDir }, use) => {
    const bridge = await startBridge({ scenarioId, lab: labDirectory, dataDir, labRunMs, ...(labDirectoryLatency ? { labDirectoryLatency } : {}) });
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
  const adsync = probe.value.evidence.find((e) => e.source === 'service ADSync');
  return { status: probe.value.status, state: adsync?.value.split(',')[0] };
}

/** Every line the audit log holds: a start and an end line per action. */
export function auditLines(
  dataDir: string,
): { id: string; phase: 'start' | 'end'; action?: string; result?: string; planned?: unknown; recheck?: { status: string } | null }[] {
  const file = path.join(dataDir, 'audit', 'audit.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Every file the app wrote under its data dir, as text (to prove a secret is in none of them). */
export function filesWritten(dataDir: string): string[] {
  return (fs.readdirSync(dataDir, { recursive: true }) as string[])
    .map((f) => path.join(dataDir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'));
}

/** From the start page: run "Check everything" and open the step a finding links to. */
export async function openFinding(page: Page, findingId: string): Promise<void> {
  await page.getByRole('button', { name: /^Check everything/ }).click();
  const finding = page.getByTestId(`finding-${findingId}`);
  await expect(finding).toBeVisible();
  await finding.getByTestId('open-step').click();
  await expect(page.getByTestId('wizard')).toBeVisible();
}

/**
 * From a finding: open its step, confirm the fix, and see it fixed and checked; then every sync
 * service runs, the diagnosis no longer reports the finding, and every action the flow took
 * has its before and after in the audit log (the lab's own seeding of Samba left aside).
 */
export async function fixAndVerify(page: Page, bridge: Bridge, dataDir: string, findingId: string, action: string, left: readonly string[]): Promise<void> {
  await openFinding(page, findingId);
  await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('planned-change')).not.toHaveCount(0);
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');

  expect(await serviceStateOnHost(bridge)).toEqual({ status: 'pass', state: 'running' });
  const findings = await bridge.call('triage:diagnose', {});
  if (!findings.ok) throw new Error(findings.error.message);
  expect(findings.value.map((f) => f.id)).toEqual(left);
  // (lab.* lines are the lab seeding its accounts into the Samba DC, audited as writes to a real DC.)
  const lab = new Set(
    auditLines(dataDir)
      .filter((l) => l.action?.startsWith('lab.'))
      .map((l) => l.id),
  );
  const audit = auditLines(dataDir).filter((l) => !lab.has(l.id));
  expect(audit.map((l) => `${l.phase}:${l.action ?? l.result}`)).toEqual([`start:${action}`, 'end:succeeded']);
  expect(audit[0]!.id).toBe(audit[1]!.id);
  expect(audit[0]!.planned).toBeTruthy();
}

/** Open a step of the playbook on screen and let its check finish (probing it if still idle). */
export async function openStep(page: Page, stepId: string): Promise<void> {
  await page.getByTestId(`step-item-${stepId}`).click();
  const detail = page.getByTestId('step-detail');
  if ((await detail.getAttribute('data-phase')) === 'idle') await page.getByTestId('probe-button').click();
  await expect(detail).not.toHaveAttribute('data-phase', /^(idle|probing)$/);
}

/** Start the open step's fix and confirm it in the dialog. */
export async function confirmFix(page: Page): Promise<void> {
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
  await expect(dialog).toBeHidden();
}
