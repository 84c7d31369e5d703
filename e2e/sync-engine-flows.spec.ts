// The remaining KB 2882421 flows end to end through the UI (Chromium through the bridge, lab
// host): each fix is confirmed in the dialog, proved by the step's re-check, leaves every sync
// service running, and the audit log holds its before and after; where no fix exists (a
// retired build) the step explains why and offers none.
import { test, expect, auditLines, openFinding, serviceStateOnHost } from './bridge/fixtures';

test.describe('scheduler turned off', () => {
  test.use({ scenarioId: 'scheduler-disabled' });

  test('enables the scheduler after the confirm dialog, verified by the re-check and audited', async ({ app: page, bridge, dataDir }) => {
    await openFinding(page, 'scheduler-disabled');
    await expect(page.getByRole('heading', { level: 2, name: 'The scheduler starts sync cycles' })).toBeVisible();
    await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
    expect(auditLines(dataDir)).toEqual([]);

    await page.getByTestId('fix-button').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('planned-change')).not.toHaveCount(0);
    await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
    await expect(page.getByTestId('recheck-summary')).toBeVisible();
    expect(await serviceStateOnHost(bridge)).toEqual({ status: 'pass', state: 'running' });
    const audit = auditLines(dataDir);
    expect(audit.map((l) => l.phase)).toEqual(['start', 'end']);
    expect(audit[0]!.planned).toBeTruthy();
    expect(audit[1]).toMatchObject({ result: 'succeeded', recheck: { status: 'pass' } });

    await page.getByRole('button', { name: /Back to the start page/ }).first().click();
    await expect(page.getByTestId('finding-scheduler-disabled')).toHaveCount(0);
  });
});

test.describe('retired build', () => {
  test.use({ scenarioId: 'retired-build-1-6' });

  test('explains the retired build and offers no fix that cannot work', async ({ app: page, dataDir }) => {
    await openFinding(page, 'sync-tool-retired');
    await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
    await expect(page.getByTestId('verdict-summary')).toContainText(/retired|stopped synchronizing|upgrade/i);
    await expect(page.getByTestId('fix-button')).toHaveCount(0);
    expect(auditLines(dataDir)).toEqual([]);
  });
});
