// A server the app cannot run on, through the UI: the collector script saved, its file opened,
// and the different-computer path walked to its end; the steps that must happen on the old server
// are shown as commands to run there and each is verified by the next collected file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { startBridge, type Bridge } from '../dev/bridge/server';
import { seriousViolations } from './support/axe';
import { confirmFix, openStep } from './support/fixtures';

const FIXTURES = path.resolve(import.meta.dirname, '../tests/collector/fixtures');
const picks: string[] = [];
let bridge: Bridge;
let dataDir: string;

test.beforeEach(async () => {
  picks.length = 0;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-e2e-collected-'));
  bridge = await startBridge({ scenarioId: 'no-sync-tool', dataDir, pickFactsFile: async () => picks.shift() ?? null });
});
test.afterEach(async () => {
  await bridge.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a collected DirSync server: the different-computer path to its end, old-server steps verified by the next collected files', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(bridge.url);
  const panel = page.getByTestId('collector-panel');
  await expect(panel.getByTestId('app-platforms')).toContainText('Windows Server 2016, 2019, 2022 or 2025');

  // The script is saved as a file, byte for byte the shipped one.
  const download = page.waitForEvent('download');
  await panel.getByTestId('save-collector').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('Collect-DsdLegacyFacts.ps1');
  const savedPath = path.join(dataDir, 'saved.ps1');
  await saved.saveAs(savedPath);
  expect(fs.readFileSync(savedPath, 'utf8')).toBe(fs.readFileSync(path.resolve(import.meta.dirname, '../assets/collector/Collect-DsdLegacyFacts.ps1'), 'utf8'));

  // Open the collected file: the server it describes is shown, with what could not be read.
  picks.push(path.join(FIXTURES, 'dirsync-2008r2.before.json'));
  await panel.getByTestId('open-collected').click();
  await expect(page.getByTestId('host-name')).toHaveText('DIRSYNC01 (contoso.local)');
  await expect(page.getByTestId('collected-banner')).toContainText('Showing DIRSYNC01 from a collected file');
  await expect(page.getByTestId('collected-notes')).toContainText('Objects in sync scope are counted for the whole domain');
  expect(await seriousViolations(page, '[data-testid="collector-panel"]')).toEqual([]);

  await page.getByRole('button', { name: /^Check everything/ }).click();
  await page.getByTestId('finding-dirsync-different-computer-path').getByTestId('open-step').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Update DirSync using a different computer' })).toBeVisible();

  await openStep(page, 'path');
  await confirmFix(page);
  await expect(page.getByTestId('step-phase')).toHaveText(/^Recorded by .+ at /);
  await openStep(page, 'gap-snapshot');
  await confirmFix(page);
  await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');

  // Stop the scheduler: commands to run on DIRSYNC01, no fix button; verified by the second file.
  await openStep(page, 'stop-old-service');
  const commands = page.getByTestId('old-server-steps');
  await expect(commands.getByTestId('old-server-command').first()).toHaveText("Stop-Service -Name 'MSOnlineSyncScheduler'");
  await expect(commands.getByTestId('old-server-verify')).toContainText('Collect-DsdLegacyFacts.ps1 -OutFile .\\dirsync01-after-stop-old-service.json');
  await expect(page.getByTestId('fix-button')).toHaveCount(0);
  expect(await seriousViolations(page, '[data-testid="old-server-steps"]')).toEqual([]);
  picks.push(path.join(FIXTURES, 'dirsync-2008r2.after-stop.json'));
  await commands.getByTestId('open-next-collected').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', 'passed');
  await expect(page.getByTestId('verdict-summary')).toContainText('is stopped on this computer');

  for (const step of ['new-server-no-adfs', 'new-computer', 'old-forced-sync', 'new-forced-sync']) {
    await openStep(page, step);
    await confirmFix(page);
    await expect(page.getByTestId('step-phase'), step).toHaveText(/^Recorded by .+ at /);
  }
  await openStep(page, 'no-run-in-progress');
  await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', 'passed');

  // The uninstall: msiexec with a log, on DIRSYNC01; verified by the third file.
  await openStep(page, 'uninstall-old');
  await expect(page.getByTestId('old-server-command').nth(1)).toContainText(
    "'msiexec.exe' -ArgumentList '/x', '{F2C2A4D3-7E21-4B6C-9A3E-5D1F0B8C6A27}', '/qn', '/norestart', '/l*v'",
  );
  await expect(page.getByTestId('old-server-steps')).toContainText('3010 or 1641: removed, restart the server to finish');
  picks.push(path.join(FIXTURES, 'dirsync-2008r2.after-uninstall.json'));
  await page.getByTestId('open-next-collected').click();
  await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', 'passed');
  await expect(page.getByTestId('verdict-summary')).toContainText('The old sync tool is removed');

  await openStep(page, 'gap-deletions');
  await expect(page.getByTestId('step-detail')).not.toHaveAttribute('data-phase', 'unknown');
  const info = await bridge.call('app:info', {});
  expect(info.ok && info.value.collected?.at).toBe('2026-12-01T11:40:09Z');
});
