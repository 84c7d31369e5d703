// Issue 16, stale verdicts: what a step shows is a fact about the server as it is now. A fixed
// step's "Fixed and checked" does not come back after the scenario is reloaded (the service is
// stopped again) or another scenario is loaded; the step shows what its check reads now.
import { test, expect, openFinding, KB2882421_STEP2 } from './support/fixtures';

test.use({ scenarioId: 'sync-service-stopped' });

async function fixServiceThenGoHome(page: import('@playwright/test').Page) {
  await openFinding(page, 'sync-service-stopped');
  await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Yes, make this change' }).click();
  await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
  await page.getByRole('button', { name: '← Back to the start page' }).click();
  await expect(page.getByTestId('lab-banner')).toBeVisible();
}

async function openPlaybookStep2(page: import('@playwright/test').Page) {
  await page.getByTestId(`start-${KB2882421_STEP2.playbookId}`).click();
  await expect(page.getByTestId('wizard')).toBeVisible();
  const item = page.getByTestId(`step-item-${KB2882421_STEP2.stepId}`);
  await item.click();
  await expect(page.getByTestId('step-detail')).not.toHaveAttribute('data-phase', /^(idle|probing)$/);
  return item;
}

test('"Reload scenario" starts clean: the fixed service is stopped again and the step says so', async ({ app: page }) => {
  await fixServiceThenGoHome(page);
  await expect(page.getByTestId('load-scenario')).toHaveText('Reload scenario');
  await page.getByTestId('load-scenario').click();
  await expect(page.getByTestId('load-scenario')).toHaveText('Reload scenario');
  const item = await openPlaybookStep2(page);
  await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
  await expect(item).not.toContainText('Fixed and checked');
  await expect(page.getByTestId('wizard')).not.toContainText('Fixed and checked');
});

test("loading another scenario brings back none of the last one's verdicts", async ({ app: page }) => {
  await fixServiceThenGoHome(page);
  await page.getByTestId('scenario-select').selectOption('healthy-entra-connect');
  await page.getByTestId('load-scenario').click();
  await expect(page.getByTestId('lab-scenario')).toContainText('Healthy Entra Connect');
  await openPlaybookStep2(page);
  await expect(page.getByTestId('step-phase')).toHaveText('OK');
  await expect(page.getByTestId('wizard')).not.toContainText('Fixed and checked');
  await expect(page.getByTestId('verdict-time')).toContainText(String(new Date().getFullYear()));
});

test('the scenario picker describes what the checks read: a scenario only picked is not loaded yet', async ({ app: page }) => {
  await expect(page.getByTestId('scenario-description')).toContainText('Microsoft Azure AD Sync service was stopped');
  await page.getByTestId('scenario-select').selectOption('healthy-entra-connect');
  await expect(page.getByTestId('scenario-description')).toContainText('Microsoft Azure AD Sync service was stopped');
  await expect(page.getByTestId('scenario-not-loaded')).toContainText('Healthy Entra Connect server is not loaded yet');
  // "Check everything" reads the loaded server, the one described.
  await page.getByRole('button', { name: /^Check everything/ }).click();
  await expect(page.getByTestId('finding-sync-service-stopped')).toBeVisible();
  await page.getByTestId('load-scenario').click();
  await expect(page.getByTestId('lab-scenario')).toContainText('Healthy Entra Connect');
  await expect(page.getByTestId('scenario-description')).toContainText('the last cycle succeeded 25 minutes ago');
  await expect(page.getByTestId('scenario-not-loaded')).toHaveCount(0);
});
