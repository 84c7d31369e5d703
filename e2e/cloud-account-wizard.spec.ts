// KB 2882421 Method 1 step 4 through the UI: the cloud account was refused; the app cannot reset a
// cloud password, but opens the configuration wizard on the server after a confirmation, audits
// it, and its re-check says the wizard is open (the next export decides), offering a retry.
import { test, expect, auditLines, openFinding } from './support/fixtures';

test.use({ scenarioId: 'cloud-credential-invalid' });

test('opens the configuration wizard on the server, confirmed and audited, and waits for the next export', async ({ app: page, dataDir }) => {
  await openFinding(page, 'cloud-account-sign-in-failed');
  await expect(page.getByRole('heading', { level: 2, name: 'The cloud account can sign in to Entra ID' })).toBeVisible();
  // The manual steps stay, beside the one thing the app can do for them.
  await expect(page.getByTestId('manual-step')).toContainText('The app cannot reset a cloud password');
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('planned-change')).toHaveCount(2);
  await expect(dialog).toContainText('Open the configuration wizard on the server');
  await expect(dialog).toContainText('No sync cycle runs while the wizard is open');
  expect(auditLines(dataDir)).toEqual([]);
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('fix-summary')).toContainText('The configuration wizard is open on the server');
  await expect(page.getByTestId('recheck-summary')).toContainText('The next export after it closes proves the new password');
  await expect(page.getByTestId('probe-button')).toHaveText('Retry the check');
  await expect(page.getByTestId('fix-button')).toHaveCount(0);
  const audit = auditLines(dataDir);
  expect(audit.map((l) => l.phase)).toEqual(['start', 'end']);
  expect(audit[0]).toMatchObject({ action: 'connect.open-wizard' });
  expect(audit[1]).toMatchObject({ result: 'succeeded', recheck: { status: 'unknown' } });
});
