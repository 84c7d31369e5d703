// Issue 3's end-to-end proof against the real directory: with the Samba lab DC as the lab's
// directory, the test disables the sync service account in Samba itself, then starts the sync
// service through the UI; the start fails with the logon error (1069) and the UI says why.
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { test, expect, serviceStateOnHost } from './bridge/fixtures';
import { samba } from './bridge/lab-directory';

test.use({ scenarioId: 'sync-service-stopped', labDirectory: 'samba' });

test('a service account disabled in AD makes the start fail with the logon error, and the UI says why', async ({ app: page, bridge }) => {
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

  await page.getByRole('button', { name: /Start: Sync stopped/ }).click();
  await expect(page.getByTestId('verdict-summary')).toContainText('is stopped');
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('planned-change')).toHaveText(/ADSync.* state stopped → running$/);
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();

  await expect(page.getByTestId('step-phase')).toHaveText('Fix did not work');
  const result = page.getByTestId('step-result');
  await expect(result).toContainText('error 1069');
  await expect(result).toContainText('LAB\\svc-adsync is disabled in Active Directory');
  // The re-check agrees: still stopped, and the host wrote the Windows events for it.
  await expect(page.getByTestId('recheck-summary')).toContainText('is stopped');
  expect(await serviceStateOnHost(bridge)).toEqual({ status: 'fail', state: 'stopped' });
  const findings = await bridge.call('triage:diagnose', {});
  if (!findings.ok) throw new Error(findings.error.message);
  expect(findings.value.map((f) => f.id)).toEqual(expect.arrayContaining(['service-account-disabled', 'sync-service-stopped']));
});
