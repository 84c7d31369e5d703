// axe-core on the home and wizard screens, in the light and the dark theme: no serious or
// critical violations (WCAG 2.1 A/AA rules plus axe's best practices).
import { seriousViolations } from './support/axe';
import { test, expect, openFinding } from './support/fixtures';

test.use({ scenarioId: 'sync-service-stopped' });

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme });
    });

    test('home screen', async ({ app: page }) => {
      await expect(page.getByTestId('lab-banner')).toBeVisible();
      await expect(page.getByTestId('scenario-select')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('wizard screen: problem found, confirm dialog, verified', async ({ app: page }) => {
      await openFinding(page, 'sync-service-stopped');
      await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByTestId('fix-button').click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Yes, make this change' }).click();
      await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test('the themes really differ', async ({ page, bridge }) => {
  const background = async (scheme: 'light' | 'dark') => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(bridge.url);
    return page.locator('body').evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
  };
  const light = await background('light');
  const dark = await background('dark');
  expect(light).toBe('rgb(246, 247, 249)');
  expect(dark).toBe('rgb(18, 20, 23)');
});
