// A fix that runs a sync cycle and waits, through the UI: the window shows the run profile and
// connector as the cycle goes on and the seconds so far; Cancel (keyboard) stops the waiting,
// says the cycle goes on, and the step's check later finds the cycle's own result.
import { test, expect, auditLines, openFinding } from './support/fixtures';

test.use({ scenarioId: 'scheduler-disabled', labRunMs: 1_500 });

test('runs a delta cycle with live progress; Cancel stops the wait, never the cycle', async ({ app: page, dataDir }) => {
  await openFinding(page, 'no-recent-successful-sync');
  await expect(page.getByRole('heading', { level: 2, name: "Every connector's latest run succeeded" })).toBeVisible();
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Run a delta sync cycle and follow it to its end');
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();

  const progress = page.getByTestId('run-wait-progress');
  await expect(progress).toContainText(/Waiting for the delta cycle: .+ on .+ \(0 runs done\): \d+ s so far/);
  // It moves on: the next run of the cycle is named as it starts.
  await expect(progress).toContainText(/\(1 run done\)/, { timeout: 10_000 });
  await expect(page.getByTestId('run-wait')).toContainText('Cancelling stops the waiting only: the run goes on');
  const cancel = page.getByTestId('run-wait-cancel');
  await cancel.focus();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('fix-summary')).toContainText('Stopped waiting. The delta cycle was not stopped: it goes on in the sync engine');
  await expect(page.getByTestId('run-wait')).toHaveCount(0);
  const audit = auditLines(dataDir);
  expect(audit.map((l) => l.phase)).toEqual(['start', 'end']);
  expect(audit[0]).toMatchObject({ action: 'sync.run-cycle' });
  expect(audit[1]).toMatchObject({ result: 'failed' });

  // The cycle ran on by itself: checking again finds its successful runs.
  await expect(async () => {
    await page.getByTestId('probe-button').click();
    await expect(page.getByTestId('step-phase')).toHaveText('OK', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
});
