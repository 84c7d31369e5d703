// The view is in the address: a playbook opened at a step survives a reload (the same step is
// open), and the browser's Back returns to the view before it instead of leaving the app.
import { test, expect, KB2882421_STEP2 } from './support/fixtures';

test('open a step, reload: the same step; Back: the start page; Forward: the step again', async ({ app: page, bridge }) => {
  const origin = new URL(bridge.url).origin;
  await page.getByTestId(`start-${KB2882421_STEP2.playbookId}`).click();
  await expect(page.getByTestId('wizard')).toBeVisible();
  const item = page.getByTestId(`step-item-${KB2882421_STEP2.stepId}`);
  await item.click();
  await expect(item).toHaveAttribute('aria-current', 'step');
  await expect(page).toHaveURL(`${origin}/#/playbook/${KB2882421_STEP2.playbookId}/${KB2882421_STEP2.stepId}`);

  await page.reload();
  await expect(page.getByTestId('wizard')).toBeVisible();
  await expect(page.getByTestId(`step-item-${KB2882421_STEP2.stepId}`)).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('step-detail')).toBeVisible();

  await page.goBack();
  await expect(page.getByTestId('wizard')).toHaveCount(0);
  await expect(page.getByTestId(`start-${KB2882421_STEP2.playbookId}`)).toBeVisible();
  expect(page.url().startsWith(origin)).toBe(true);

  await page.goForward();
  await expect(page.getByTestId(`step-item-${KB2882421_STEP2.stepId}`)).toHaveAttribute('aria-current', 'step');
});

test('an address with a playbook and step opens it; the audit log and Back return to that step', async ({ app: page, bridge }) => {
  const origin = new URL(bridge.url).origin;
  await page.goto(`${origin}/#/playbook/${KB2882421_STEP2.playbookId}/${KB2882421_STEP2.stepId}`);
  await expect(page.getByTestId(`step-item-${KB2882421_STEP2.stepId}`)).toHaveAttribute('aria-current', 'step');
  await page.goto(`${origin}/#/audit`);
  await expect(page.getByTestId('wizard')).toHaveCount(0);
  await page.goBack();
  await expect(page.getByTestId(`step-item-${KB2882421_STEP2.stepId}`)).toHaveAttribute('aria-current', 'step');
});
