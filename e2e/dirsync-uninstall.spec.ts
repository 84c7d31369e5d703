// The 32-bit DirSync (event 109) through the UI, in Chromium through the bridge against the
// LabHost: choose the path, the uninstall refused while a sync run is in progress, the wait,
// then the uninstall allowed once the run ended: removed, verified, restart pending.
import { test, expect, openStep, confirmFix } from './support/fixtures';

// The scenario's run ends 20 seconds after it loads.
test.use({ scenarioId: 'dirsync-32bit-run-in-progress' });
test.setTimeout(120_000);

test('32-bit DirSync: path chosen, uninstall refused during a run, allowed after it: removed, verified, restart pending', async ({ app: page, bridge }) => {
  await page.getByRole('button', { name: /Start: Remove the 32-bit DirSync/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Remove the 32-bit DirSync and install Entra Connect on a new server' })).toBeVisible();

  // The path: explained with the trade-offs, then chosen (and recorded).
  await openStep(page, 'path');
  await expect(page.getByTestId('verdict-summary')).toContainText(
    'Microsoft Online Services Directory Synchronization Tool 1.0.6862.0 (32-bit) is out of support, and its events say Microsoft no longer accepts it.',
  );
  await expect(page.getByTestId('verdict-summary')).toContainText('No upgrade path is chosen yet. This is the recommended path.');
  await expect(page.getByTestId('verdict-evidence')).toContainText('32-bit (uninstall entry under WOW6432Node)');
  await expect(page.getByTestId('verdict-evidence')).toContainText('Trade-off');
  await page.getByTestId('fix-button').click();
  await expect(page.getByRole('dialog').getByTestId('planned-change')).toHaveText(/chosen path none → Uninstall here, install on a new 64-bit server$/);
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, make this change' }).click();
  // A choice is a record (who and when), never "fixed and checked".
  await expect(page.getByTestId('step-phase')).toHaveText(/^Recorded by .+ at /);

  // The uninstall while the run is in progress: refused, nothing removed.
  await openStep(page, 'uninstall');
  await expect(page.getByTestId('verdict-summary')).toContainText('A synchronization run is in progress');
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('destructive-warning')).toBeVisible();
  await expect(dialog).toContainText('msiexec /x {A6B7C2D1-3E4F-4A5B-8C9D-0E1F2A3B4C5D} /qn /norestart /l*v');
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
  await expect(page.getByTestId('step-phase')).toHaveText('Fix did not work');
  await expect(page.getByTestId('fix-summary')).toContainText('Not uninstalled: A synchronization run is in progress');
  const still = await bridge.call('step:probe', { playbookId: 'dirsync-uninstall-new-server', stepId: 'uninstall' });
  expect(still.ok && still.value.status).toBe('fail');

  // Wait for the run (the app polls until it ends), with live progress: cancelled once from the
  // keyboard (the wait really stops), then waited again to the end.
  await openStep(page, 'no-run-in-progress');
  await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', 'failed');
  await confirmFix(page);
  const progress = page.getByTestId('run-wait-progress');
  await expect(progress).toContainText(/Waiting for the synchronization run on \S+ to end: \d+ s so far/);
  const before = Number((await progress.textContent())!.match(/(\d+) s so far/)![1]);
  await expect(progress).not.toContainText(`: ${before} s so far`, { timeout: 5_000 });
  const cancel = page.getByTestId('run-wait-cancel');
  await cancel.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-phase')).toHaveText('Fix did not work');
  await expect(page.getByTestId('fix-summary')).toContainText(/Stopped waiting after \d+ s/);
  await expect(page.getByTestId('run-wait')).toHaveCount(0);
  const stillRunning = await bridge.call('step:probe', { playbookId: 'dirsync-uninstall-new-server', stepId: 'no-run-in-progress' });
  expect(stillRunning.ok && stillRunning.value.status).toBe('fail');
  const idle = await bridge.call('step:wait-status', {});
  expect(idle.ok && idle.value.waiting).toBe(false);
  await confirmFix(page);
  await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', /^(verified|passed)$/, { timeout: 60_000 });

  // Now the uninstall runs: removed, verified by reading the entries again, restart pending.
  await openStep(page, 'uninstall');
  await confirmFix(page);
  await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked', { timeout: 20_000 });
  await expect(page.getByTestId('fix-summary')).toContainText('was removed and its entry is gone; restart the server to finish');
  await expect(page.getByTestId('recheck-summary')).toContainText('The old sync tool is removed (its uninstall entry is gone); a restart is pending.');
  const programs = await bridge.call('step:probe', { playbookId: 'dirsync-uninstall-new-server', stepId: 'uninstall' });
  expect(programs.ok && programs.value.status).toBe('pass');
});

test.describe('in-place path on a 64-bit DirSync', () => {
  test.use({ scenarioId: 'dirsync-64bit-small' });
  test('checks the prerequisites and never offers an uninstall', async ({ app: page }) => {
    await page.getByRole('button', { name: /Start: Upgrade DirSync to Entra Connect on this server/ }).click();
    for (const id of ['prereq-server', 'prereq-dotnet', 'prereq-tls12', 'prereq-no-adfs']) {
      await openStep(page, id);
      await expect(page.getByTestId('step-phase'), id).toHaveText(/OK|Passed|Fine/i);
    }
    await openStep(page, 'install-connect');
    await expect(page.getByTestId('verdict-summary')).toContainText('do not uninstall DirSync first');
    await expect(page.getByText(/Uninstall /i).and(page.getByRole('button'))).toHaveCount(0);
    await expect(page.getByTestId('wizard')).not.toContainText('msiexec');
  });
});
