// The remaining KB 2882421 flows end to end through the UI (Chromium through the bridge, lab
// host): each fix is confirmed in the dialog, proved by the step's re-check, leaves every sync
// service running, and the audit log holds its before and after; where no fix exists (a
// retired build) the step explains why and offers none.
import { test, expect, auditLines, fixAndVerify, openFinding, serviceStateOnHost } from './support/fixtures';

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

    await page
      .getByRole('button', { name: /Back to the start page/ })
      .first()
      .click();
    await expect(page.getByTestId('finding-scheduler-disabled')).toHaveCount(0);
  });
});

test.describe('service account locked out', () => {
  test.use({ scenarioId: 'service-account-locked' });

  test('the exact change (lockoutTime to 0) is shown and confirmed; unlocked, the service runs, audited before and after', async ({
    app: page,
    bridge,
    dataDir,
  }) => {
    await openFinding(page, 'service-account-locked');
    await expect(page.getByRole('heading', { level: 2, name: 'The logon account is enabled' })).toBeVisible();
    await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
    await expect(page.getByTestId('step-verdict')).toContainText('Locked out since');
    await page.getByTestId('fix-button').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('planned-change').first()).toHaveText(
      /^Account CN=svc-adsync,CN=Users,DC=lab,DC=example,DC=com lockoutTime \d{4}-\d\d-\d\dT.* \(locked out\) → 0 \(unlocked\)$/,
    );
    await expect(dialog.getByTestId('plan-warning')).toContainText('locks again');
    expect(auditLines(dataDir)).toEqual([]);
    await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
    await expect(page.getByTestId('step-result')).toContainText('svc-adsync unlocked (lockoutTime now 0)');
    expect(await serviceStateOnHost(bridge)).toEqual({ status: 'pass', state: 'running' });
    const findings = await bridge.call('triage:diagnose', {});
    if (!findings.ok) throw new Error(findings.error.message);
    expect(findings.value.map((f) => f.id)).toEqual([]);
    const audit = auditLines(dataDir);
    expect(audit.map((l) => `${l.phase}:${l.action ?? l.result}`)).toEqual(['start:account.unlock', 'end:succeeded']);
    expect(JSON.stringify(audit[0]!.planned)).toMatch(/"property":"lockoutTime","from":"[^"]+ \(locked out\)","to":"0 \(unlocked\)"/);
    expect(audit[1]!.recheck).toMatchObject({ status: 'pass' });
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

// The Samba flows (password expired, changed in AD only, deleted and restored) are in
// samba-logon-failure.spec.ts: they change svc-adsync in the one lab DC, so they run in the same
// file (one worker, one after another), never beside another test seeding that account.
for (const [scenarioId, findingId, labDirectory, action, left] of [
  ['virtual-account-replaced', 'service-logon-changed', 'memory', 'logon.restore-original', []],
] as const) {
  test.describe(scenarioId, () => {
    test.use({ scenarioId, labDirectory });
    test(`${findingId}: fixed through the UI, every sync service running, audited`, async ({ app: page, bridge, dataDir }) => {
      await fixAndVerify(page, bridge, dataDir, findingId, action, left);
    });
  });
}
