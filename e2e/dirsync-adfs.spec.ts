// A 64-bit DirSync on a server that also runs AD FS, through the UI against the LabHost: the
// finding sends the admin to the different-computer path because of AD FS, the in-place path is
// not offered, and the server that gets Entra Connect is attested free of AD FS (with the time).
import type { Page } from '@playwright/test';
import { test, expect, auditLines, openStep } from './support/fixtures';

test.use({ scenarioId: 'dirsync-adfs-on-server' });

/** Choosing a path and attesting a step done elsewhere are records: shown with who and when, never as fixed and checked. */
async function fixAndConfirm(page: Page, change: RegExp) {
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('planned-change')).toHaveText(change);
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('step-phase')).toHaveText(/^Recorded by .+ at /);
}

test('AD FS here: the finding opens the different-computer path, whose new server is attested free of AD FS', async ({ app: page, bridge, dataDir }) => {
  await page.getByRole('button', { name: /^Check everything/ }).click();
  const finding = page.getByTestId('finding-dirsync-different-computer-path');
  await expect(finding).toContainText('AD FS runs on this server, so Entra Connect must go on another one.');
  await expect(finding).toContainText('This is the recommended path.');
  await expect(page.getByTestId('finding-dirsync-in-place-upgrade-path')).toHaveCount(0);
  await finding.getByTestId('open-step').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Update DirSync using a different computer' })).toBeVisible();

  await openStep(page, 'path');
  await expect(page.getByTestId('verdict-evidence')).toContainText('installed: the new tool cannot go on this server');
  await expect(page.getByTestId('verdict-evidence')).toContainText('Update using a different computer: AD FS runs on this server');
  await fixAndConfirm(page, /chosen path none → Update using a different computer$/);

  await openStep(page, 'new-server-no-adfs');
  await expect(page.getByTestId('verdict-summary')).toContainText('Not recorded yet: AD FS is not installed on the server that gets Entra Connect.');
  await fixAndConfirm(page, /no AD FS on the server that gets Entra Connect not recorded → done \(you say so; the time is kept\)$/);
  await expect(page.getByTestId('recheck-summary')).toContainText('You recorded: AD FS is not installed on the server that gets Entra Connect.');
  await expect(page.getByTestId('verdict-recorded')).toContainText(/^Recorded by .+ at .+\d{4}/);

  const verdict = await bridge.call('step:probe', { playbookId: 'dirsync-different-computer', stepId: 'new-server-no-adfs' });
  expect(verdict.ok && verdict.value.status).toBe('pass');
  // Audited before and after.
  const lines = auditLines(dataDir);
  const start = lines.filter((l) => l.action === 'upgrade.attest');
  expect(start).toHaveLength(1);
  expect(lines.filter((l) => l.id === start[0]!.id).map((l) => `${l.phase}:${l.action ?? l.result}`)).toEqual(['start:upgrade.attest', 'end:succeeded']);
});

test('AD FS here: the in-place upgrade does not apply and offers nothing', async ({ app: page, bridge }) => {
  await page.getByRole('button', { name: /Start: Upgrade DirSync to Entra Connect on this server/ }).click();
  await openStep(page, 'path');
  await expect(page.getByTestId('step-phase')).toHaveText('Does not apply');
  await expect(page.getByTestId('verdict-summary')).toContainText('does not fit this server; it follows: Update using a different computer');
  await expect(page.getByTestId('fix-button')).toHaveCount(0);
  const plan = await bridge.call('step:plan', { playbookId: 'dirsync-in-place-upgrade', stepId: 'path' });
  expect(plan.ok && plan.value).toBeNull();
});
