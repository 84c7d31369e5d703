// One judge on the home, in Chromium through the bridge: the "Sync tool" row of the connection
// panel and the sync status line read the diagnosis' own tool step, so a retired Connect build is
// called retired there too (it was called supported, judged by generation), and a current one supported.
import { test, expect } from './support/fixtures';

for (const scenarioId of ['retired-build-1-6', 'retired-build-2-4-18']) {
  test.describe(scenarioId, () => {
    test.use({ scenarioId });
    test('the home calls the build retired, as the diagnosis does', async ({ app: page }) => {
      await expect(page.getByTestId('sync-tool-status')).toHaveText('Retired: Microsoft no longer accepts this build');
      await expect(page.getByTestId('tool-support')).toContainText('Retired: no longer syncs');
      await expect(page.getByTestId('sync-tool')).not.toContainText('Supported');
      await page.getByRole('button', { name: /^Check everything/ }).click();
      await expect(page.getByTestId('finding-sync-tool-retired')).toBeVisible();
    });
  });
}

test.describe('healthy-entra-connect', () => {
  test.use({ scenarioId: 'healthy-entra-connect' });
  test('a current build is supported on both', async ({ app: page }) => {
    await expect(page.getByTestId('sync-tool-status')).toHaveText('Supported');
    await expect(page.getByTestId('tool-support')).toContainText('Supported');
  });
});
