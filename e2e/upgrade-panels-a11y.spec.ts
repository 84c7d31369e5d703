// The upgrade playbooks' two live panels, by keyboard alone and under axe (no serious or critical
// violations, light and dark theme): the run wait's progress with its Cancel, and the deletion
// gap's CSV download on the last step.
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { seriousViolations } from './support/axe';

/** Press Tab until the target has the focus, as a keyboard user would, and check the focus is visible. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false)) break;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
  await expect(target).toHaveCSS('outline-style', 'solid');
}

/** The step list has one Tab stop (the current step); the arrow keys move within it. */
async function stepByKeyboard(page: Page, stepId: string) {
  await tabTo(page, page.locator('.step-item[tabindex="0"]'));
  const target = page.getByTestId(`step-item-${stepId}`);
  for (let i = 0; i < 20 && !(await target.evaluate((el) => el === el.ownerDocument.activeElement)); i++) await page.keyboard.press('ArrowDown');
  await expect(target).toBeFocused();
  await page.keyboard.press('Enter');
}

/** From the start page, by keyboard: start a playbook, open a step, run its check. */
async function openStep(page: Page, playbook: RegExp, stepId: string) {
  await tabTo(page, page.getByRole('button', { name: playbook }));
  await page.keyboard.press('Enter');
  await stepByKeyboard(page, stepId);
  const detail = page.getByTestId('step-detail');
  if ((await detail.getAttribute('data-phase')) === 'idle') {
    await tabTo(page, page.getByTestId('probe-button'));
    await page.keyboard.press('Enter');
  }
  await expect(detail).not.toHaveAttribute('data-phase', /^(idle|probing)$/);
}

/** The fix by keyboard: Tab to it, Enter, and confirm with Enter (the confirm button has the focus). */
async function fixByKeyboard(page: Page) {
  await tabTo(page, page.getByTestId('fix-button'));
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog').getByRole('button', { name: 'Yes, make this change' });
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeHidden();
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme });
    });

    test.describe('the run wait', () => {
      // The scenario's run never ends by itself unless waited on for 20 s; this test cancels first.
      test.use({ scenarioId: 'dirsync-32bit-run-in-progress' });

      test('progress and Cancel: reached and pressed by keyboard, no serious axe violation', async ({ app: page, bridge }) => {
        await openStep(page, /Start: Remove the 32-bit DirSync/, 'no-run-in-progress');
        await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', 'failed');
        await fixByKeyboard(page);

        const progress = page.getByTestId('run-wait-progress');
        await expect(progress).toContainText(/Waiting for the synchronization run on \S+ to end: \d+ s so far/);
        await expect(progress).toHaveAttribute('aria-live', 'polite');
        const cancel = page.getByRole('button', { name: 'Cancel the wait' });
        await expect(cancel).toBeEnabled();
        expect(await seriousViolations(page, '[data-testid="run-wait"]')).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);

        await tabTo(page, cancel, 15);
        await page.keyboard.press(' ');
        await expect(page.getByTestId('step-phase')).toHaveText('Fix did not work');
        await expect(page.getByTestId('fix-summary')).toContainText(/Stopped waiting after \d+ s/);
        await expect(page.getByTestId('run-wait')).toHaveCount(0);
        // The keyboard user lands on the result, not on the page's start.
        await expect(page.getByRole('heading', { level: 3, name: 'Result' })).toBeFocused();
        const idle = await bridge.call('step:wait-status', {});
        expect(idle.ok && idle.value.waiting).toBe(false);
        expect(await seriousViolations(page)).toEqual([]);
      });
    });

    test.describe('the deletion gap CSV', () => {
      test.use({ scenarioId: 'dirsync-64bit-small' });

      test('snapshot, then the download by keyboard with its status announced, no serious axe violation', async ({ app: page }) => {
        await openStep(page, /Start: Upgrade DirSync to Entra Connect on this server/, 'gap-snapshot');
        await fixByKeyboard(page);
        await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');

        await stepByKeyboard(page, 'gap-deletions');
        const detail = page.getByTestId('step-detail');
        if ((await detail.getAttribute('data-phase')) === 'idle') {
          await tabTo(page, page.getByTestId('probe-button'));
          await page.keyboard.press('Enter');
        }
        const download = page.getByRole('button', { name: 'Download the deletions as CSV' });
        await expect(download).toBeVisible();
        expect(await seriousViolations(page, '[data-testid="gap-export"]')).toEqual([]);

        await tabTo(page, download);
        const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
        expect(file.suggestedFilename()).toBe('deletion-gap.csv');
        const status = page.getByRole('status').filter({ hasText: 'deletion-gap.csv' });
        await expect(status).toHaveText(/^Exported \d+ deleted object\(s\) to deletion-gap\.csv\.$/);
        await expect(download).toBeFocused();
        expect(await seriousViolations(page)).toEqual([]);
      });
    });
  });
}
