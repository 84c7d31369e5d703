// Records are records, through the UI against the LabHost: the upgrade of a 64-bit DirSync is one
// finding whose step offers the other paths; choosing a path is a record ("Recorded by <user> at
// <date and time>"), never "Fixed and checked", and its button never says "Fix this…"; after the
// choice the start page says which path is under way and what is left.
import { test, expect, openFinding, openStep } from './support/fixtures';

test.use({ scenarioId: 'dirsync-64bit-small' });
test.setTimeout(120_000);

const RECORDED = /^Recorded by .+ at .+\d{4}.+\d:\d{2}/;

test('one finding for the upgrade; the chosen path is shown as recorded, with who and when', async ({ app: page }) => {
  await openFinding(page, 'dirsync-in-place-upgrade-path');
  // The other paths are offered inside this step, never as findings of their own.
  await page.getByRole('button', { name: '← Back to the start page' }).click();
  await expect(page.getByTestId('finding-dirsync-in-place-upgrade-path')).toContainText('Also possible, offered in this step');
  await expect(page.getByTestId('finding-dirsync-uninstall-new-server-path')).toHaveCount(0);
  await expect(page.getByTestId('finding-dirsync-different-computer-path')).toHaveCount(0);
  await page.getByTestId('finding-dirsync-in-place-upgrade-path').getByTestId('open-step').click();

  await openStep(page, 'path');
  const offers = page.getByTestId('step-offers');
  await expect(offers.getByTestId('offer-button')).toHaveText(['Uninstall here, install on a new 64-bit server', 'Update using a different computer']);
  // Choosing records the admin's decision: the button says so.
  const choose = page.getByTestId('fix-button');
  await expect(choose).toHaveText('Choose this path…');
  await expect(page.getByRole('button', { name: 'Fix this…' })).toHaveCount(0);
  await choose.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('planned-change')).toHaveText(/chosen path none → In-place upgrade on this server$/);
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('step-phase')).toHaveText(RECORDED);
  await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', 'recorded');
  await expect(page.getByTestId('wizard')).not.toContainText('Fixed and checked');
  await expect(page.getByRole('heading', { level: 3, name: 'What is recorded now' })).toBeVisible();
  await expect(page.getByTestId('verdict-recorded')).toContainText(/Recorded by .+ at .+: ?|Recorded by .+ at .+\. This rests on what was recorded/);
  await expect(page.getByTestId('step-item-path')).toContainText('Recorded');
  await expect(page.getByTestId('fix-button')).toHaveCount(0);

  // Checked again later, it is still a record, not a check of facts.
  await page.getByTestId('probe-button').click();
  await expect(page.getByTestId('step-phase')).toHaveText(RECORDED);
  await expect(page.getByTestId('fix-button')).toHaveCount(0);

  // The start page: the upgrade is under way on the chosen path; no finding asks for a path again.
  await page.getByRole('button', { name: '← Back to the start page' }).click();
  await page.getByRole('button', { name: /^Check everything/ }).click();
  const findings = page.locator('.finding');
  await expect(findings.filter({ hasText: 'Upgrade under way: In-place upgrade on this server (Recorded by' })).toHaveCount(1);
  await expect(page.getByTestId('finding-dirsync-in-place-upgrade-path')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('No upgrade path is chosen yet');
});

test('an offered path opens its own step, where it can be chosen instead', async ({ app: page }) => {
  await openFinding(page, 'dirsync-in-place-upgrade-path');
  await openStep(page, 'path');
  await page.getByTestId('step-offers').getByRole('button', { name: 'Update using a different computer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Update DirSync using a different computer' })).toBeVisible();
  await expect(page.getByTestId('verdict-summary')).toContainText('Alternative path: Update using a different computer.');
  await expect(page.getByTestId('fix-button')).toHaveText('Choose this path…');
});
