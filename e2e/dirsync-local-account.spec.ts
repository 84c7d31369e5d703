// KB 2882421 Method 2 on DirSync's local AAD_ account, through the UI (lab host): the account is
// on the server, not in AD, so the fix changes the server's local account and sets the password
// on both DirSync services; each ends fixed and checked, both services running, the diagnosis
// clear of it, the action's before and after in the audit log, and no password in any file.
import { test, expect, auditLines, filesWritten, openFinding } from './support/fixtures';
import type { Bridge } from '../dev/bridge/server';

const DIRSYNC_SERVICES = ['FIMSynchronizationService', 'MSOnlineSyncScheduler'];

/** Each DirSync service's state as the host reports it (step 2's evidence, straight from the bridge). */
async function dirsyncServiceStates(bridge: Bridge): Promise<string[]> {
  const probe = await bridge.call('step:probe', { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' });
  if (!probe.ok) throw new Error(`step:probe failed: ${probe.error.code}: ${probe.error.message}`);
  return DIRSYNC_SERVICES.map((name) => probe.value.evidence.find((e) => e.source === `service ${name}`)?.value.split(',')[0] ?? 'absent');
}

for (const [scenarioId, findingId, action, heading, secret] of [
  ['dirsync-local-account-expired', 'service-account-password-expired', 'account.reset-password', "The services hold the account's current password", true],
  [
    'dirsync-local-account-stale-password',
    'service-account-password-mismatch',
    'account.reset-password',
    "The services hold the account's current password",
    true,
  ],
  ['dirsync-local-account-disabled', 'service-account-disabled', 'account.enable', 'The logon account is enabled', false],
  ['dirsync-local-account-locked', 'service-account-locked', 'account.unlock', 'The logon account is enabled', false],
] as const) {
  test.describe(scenarioId, () => {
    test.use({ scenarioId });

    test(`${findingId}: the local account fixed through the UI, both DirSync services running, audited`, async ({ app: page, bridge, dataDir }) => {
      expect(await dirsyncServiceStates(bridge)).toEqual(['stopped', 'stopped']);
      await openFinding(page, findingId);
      await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
      await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
      await expect(page.getByTestId('step-citation')).toContainText('KB 2882421 · Method 2');

      await page.getByTestId('fix-button').click();
      const dialog = page.getByRole('dialog');
      // The change is on the server's own account, never in Active Directory.
      const changes = dialog.getByTestId('planned-change');
      await expect(changes.first()).toContainText('Local account AAD_1f2e3d4c5b6a on DIRSYNC01');
      await expect(changes.filter({ hasText: /CN=|DC=/ })).toHaveCount(0);
      for (const name of DIRSYNC_SERVICES) await expect(changes.filter({ hasText: `Service ${name}` })).not.toHaveCount(0);
      if (secret) {
        await expect(dialog.getByTestId('secret-input')).toBeVisible();
        await expect(dialog.getByTestId('secret-generate')).toBeChecked();
      } else {
        await expect(dialog.getByTestId('secret-input')).toHaveCount(0);
      }
      await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
      await expect(page.getByTestId('step-result')).toContainText(
        secret ? 'password set in the local account' : action === 'account.unlock' ? 'AAD_1f2e3d4c5b6a unlocked' : 'AAD_1f2e3d4c5b6a enabled',
      );

      expect(await dirsyncServiceStates(bridge)).toEqual(['running', 'running']);
      const findings = await bridge.call('triage:diagnose', {});
      if (!findings.ok) throw new Error(findings.error.message);
      const ids = findings.value.map((f) => f.id);
      expect(ids).not.toContain(findingId);
      expect(ids.filter((id) => /^(service-|sync-service)/.test(id))).toEqual(
        scenarioId === 'dirsync-local-account-expired' ? ['service-account-password-can-expire'] : [],
      );

      const audit = auditLines(dataDir);
      expect(audit.map((l) => `${l.phase}:${l.action ?? l.result}`)).toEqual([`start:${action}`, 'end:succeeded']);
      expect(audit[0]!.id).toBe(audit[1]!.id);
      expect(JSON.stringify(audit[0]!.planned)).toContain('Local account AAD_1f2e3d4c5b6a');
      expect(audit[1]!.recheck).toMatchObject({ status: 'pass' });
      // The generated password was never in the page or any file the app wrote.
      for (const text of filesWritten(dataDir)) expect(text).not.toMatch(/"(password|secret)"\s*:\s*"/i);
    });
  });
}

// Never a start that must fail: with the logon account disabled, the stopped services' step offers
// no start; it says why and continues at the account step (issue 16: it offered "Start the 2 stopped
// sync services", which failed with 1069).
test.describe('dirsync-local-account-disabled: the stopped services follow from the account', () => {
  test.use({ scenarioId: 'dirsync-local-account-disabled' });

  test('listed under the account; its step offers no start and continues at the account step', async ({ app: page, bridge }) => {
    await page.getByRole('button', { name: /^Check everything/ }).click();
    const group = page.getByTestId('finding-group-service-account-disabled');
    await expect(group.getByTestId('caused-by-service-account-disabled').getByTestId('finding-sync-service-stopped')).toBeVisible();
    await openFinding(page, 'sync-service-stopped');
    await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
    await expect(page.getByTestId('fix-button')).toHaveCount(0);
    await expect(page.getByTestId('route-reason')).toContainText('Fix the cause first');
    await page.getByTestId('route-button').click();
    await expect(page.getByRole('heading', { level: 2, name: 'The logon account is enabled' })).toBeVisible();
    expect(await dirsyncServiceStates(bridge)).toEqual(['stopped', 'stopped']);
  });
});
