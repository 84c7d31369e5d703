// Against the real directory: with the Samba lab DC as the lab's directory, the test disables the
// sync service account in Samba itself. The stopped service then follows from the disabled
// account: it is listed under it, its step offers no start (that start must fail with 1069) and
// continues at the account step, whose fix enables the account and restarts the service:
// verified, running, audited before and after, and no start was ever tried.
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { test, expect, auditLines, fixAndVerify, openFinding, serviceStateOnHost } from './support/fixtures';
import { samba } from '../dev/bridge/lab-directory';

test.use({ scenarioId: 'sync-service-stopped', labDirectory: 'samba' });

test('a service account disabled in AD: no start bound to fail is offered; the account step enables it, verified', async ({ app: page, bridge, dataDir }) => {
  // Disable the account in Samba directly, the way an admin would in AD Users and Computers.
  const directory = new LdapDirectory(await samba());
  try {
    const account = await directory.findAccount('svc-adsync');
    expect(account, 'the scenario seeded svc-adsync into Samba').not.toBeNull();
    const disabled = await directory.disableAccount(account!.dn);
    expect(disabled.flags.disabled).toBe(true);
  } finally {
    await directory.close();
  }

  await openFinding(page, 'sync-service-stopped');
  await expect(page.getByTestId('verdict-summary')).toContainText('is stopped');
  // The step knows the cause: no start is offered, it says to fix the account first.
  await expect(page.getByTestId('fix-button')).toHaveCount(0);
  await expect(page.getByTestId('route-reason')).toContainText('Fix the cause first');
  expect(await serviceStateOnHost(bridge)).toEqual({ status: 'fail', state: 'stopped' });

  await page.getByTestId('route-button').click();
  await expect(page.getByRole('heading', { level: 2, name: 'The logon account is enabled' })).toBeVisible();
  await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
  await expect(page.getByTestId('step-citation')).toContainText('KB 2882421 · Method 2 · Step 4.2');
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('planned-change')).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
  await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
  expect(await serviceStateOnHost(bridge)).toEqual({ status: 'pass', state: 'running' });

  const findings = await bridge.call('triage:diagnose', {});
  if (!findings.ok) throw new Error(findings.error.message);
  expect(findings.value.map((f) => f.id)).toEqual([]);
  // Every action has its before and after in the audit log: only the enable; no start was tried.
  const labAuditIds = new Set(
    auditLines(dataDir)
      .filter((l) => l.action?.startsWith('lab.'))
      .map((l) => l.id),
  );
  // (lab.* lines are the lab seeding its accounts into the Samba DC, audited as writes to a real DC.)
  const audit = auditLines(dataDir).filter((l) => !l.action?.startsWith('lab.') && !labAuditIds.has(l.id));
  expect(audit.map((l) => `${l.phase}:${l.action ?? l.result}`)).toEqual(['start:account.enable', 'end:succeeded']);
});

// The other Samba flows, in this file so they never run beside each other (they all change
// svc-adsync in the one lab DC). What stays after the fix is named: a password that can still expire is its own finding (a
// separate step), and a restored account leaves "no recent successful sync" until a cycle runs.
for (const [scenarioId, findingId, labDirectory, action, left] of [
  ['service-account-password-expired', 'service-account-password-expired', 'samba', 'account.reset-password', ['service-account-password-can-expire']],
  ['service-account-stale-password', 'service-account-password-mismatch', 'samba', 'account.reset-password', []],
  ['service-account-deleted', 'service-account-deleted', 'samba', 'account.restore', ['no-recent-successful-sync']],
] as const) {
  test.describe(scenarioId, () => {
    test.use({ scenarioId, labDirectory });
    test(`${findingId}: fixed through the UI, every sync service running, audited`, async ({ app: page, bridge, dataDir }) => {
      await fixAndVerify(page, bridge, dataDir, findingId, action, left);
    });
  });
}
