// The workbench on the default lab alone (the in-memory directory with its planted readiness
// problems, no Samba DC): a click opens the side panel and leaves the focus on the cell, so F2
// edits; Edit is a visible control; Escape closes the panel and the focus returns to the cell;
// after Apply and after Undo the rows and the open side panel show the directory as it is (no
// manual re-scan); an undone batch offers no Undo; at 1280 px the panel wraps a long value.
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';

const domain = 'lab.example.com';

async function openAndScan(page: Page) {
  // The start page says how to practise in the lab.
  await expect(page.getByTestId('readiness-practice')).toContainText('Readiness practice');
  await page.getByTestId('open-workbench').click();
  await expect(page.getByRole('heading', { name: 'Directory readiness workbench' })).toBeFocused();
  await page.getByTestId('scan-start').click();
  await expect(page.getByTestId('scan-status')).toContainText('Scan finished', { timeout: 60_000 });
}

test('click, F2, Escape; apply and undo refresh the rows and the side panel; an undone batch offers no Undo', async ({ app: page }) => {
  await openAndScan(page);
  await page.getByTestId('filter-text').fill('carl space@');
  const rows = page.getByTestId('grid-row');
  await expect(rows).toHaveCount(1);
  const panel = page.getByTestId('side-panel');

  // A click opens the side panel beside the grid; the clicked cell keeps the focus.
  await page.locator('[data-cell="0:0"]').click();
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(`carl space@${domain}`);
  await expect(page.locator('[data-cell="0:0"]')).toBeFocused();
  // Edit is visible on the row, and F2 edits after the click.
  await expect(rows.first().getByTestId('edit-button')).toBeVisible();
  await page.keyboard.press('F2');
  const input = page.getByTestId('edit-input');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue(`carlspace@${domain}`);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-cell="0:6"]')).toContainText(`carlspace@${domain}`);
  // Escape on the grid closes the panel; Escape inside the panel does too, the focus back on the cell.
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await page.locator('[data-cell="0:1"]').click();
  await expect(panel).toBeVisible();
  await panel.getByTestId('side-close').focus();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.locator('[data-cell="0:1"]')).toBeFocused();

  // Apply with the panel open: the row goes and the panel shows the object as it is now.
  await page.locator('[data-cell="0:0"]').click();
  await expect(panel.getByTestId('side-object')).toContainText(`carl space@${domain}`);
  await page.getByTestId('preview-apply').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('preview-change')).toContainText(`userPrincipalName: "carl space@${domain}" → "carlspace@${domain}"`);
  await dialog.getByTestId('batch-confirm').click();
  await expect(dialog.getByTestId('batch-summary')).toContainText('1 applied, 0 skipped, 0 failed');
  await dialog.getByTestId('batch-close').click();
  await expect(rows).toHaveCount(0);
  await expect(panel.getByTestId('side-resolved')).toBeVisible();
  await expect(panel.getByTestId('side-object')).toContainText(`carlspace@${domain}`);
  await expect(panel.getByTestId('side-object')).not.toContainText(`carl space@${domain}`);

  // Undo: the row is back, the panel shows the old value again, and the batch offers no second undo.
  const batch = page.getByTestId('batch-item').first();
  await batch.getByTestId('undo-batch').click();
  await expect(dialog.getByTestId('preview-change')).toContainText(`userPrincipalName: "carlspace@${domain}" → "carl space@${domain}"`);
  await dialog.getByTestId('batch-confirm').click();
  await expect(dialog.getByTestId('batch-summary')).toContainText('1 applied, 0 skipped, 0 failed');
  await dialog.getByTestId('batch-close').click();
  await expect(rows).toHaveCount(1);
  await expect(panel.getByTestId('side-resolved')).toHaveCount(0);
  await expect(panel.getByTestId('side-object')).toContainText(`carl space@${domain}`);
  await expect(batch.getByTestId('batch-undone')).toBeVisible();
  await expect(batch.getByTestId('undo-batch')).toHaveCount(0);
});

test('at 1280 px the side panel wraps a long value instead of cutting it off', async ({ app: page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openAndScan(page);
  await page.getByTestId('filter-text').fill('alexandraalexandra');
  await expect(page.getByTestId('grid-row')).toHaveCount(1);
  await page.locator('[data-cell="0:0"]').click();
  const panel = page.getByTestId('side-panel');
  await expect(panel.getByTestId('side-object')).toContainText('Alexandra'.repeat(8));
  const fit = await panel.evaluate((el) => ({
    panel: el.scrollWidth <= el.clientWidth + 1,
    right: el.getBoundingClientRect().right <= el.ownerDocument.documentElement.clientWidth,
    values: [...el.querySelectorAll('dd, p, h2, h3')].every((d) => d.scrollWidth <= d.clientWidth + 1),
  }));
  expect(fit).toEqual({ panel: true, right: true, values: true });
});
