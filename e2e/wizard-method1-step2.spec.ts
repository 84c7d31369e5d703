// KB 2882421 Method 1 step 2 end to end, in Chromium through the bridge, against the lab
// scenario whose sync service is stopped: the step fails, the confirm dialog lists the one
// change, and "running" appears only after the start action really changed the lab host.
import { test, expect, auditLines, openFinding, serviceStateOnHost } from './support/fixtures';

test.use({ scenarioId: 'sync-service-stopped' });

test('starts the stopped sync service and verifies it with a re-check', async ({ app: page, bridge, dataDir }) => {
  const info = await bridge.call('app:info', {});
  if (!info.ok) throw new Error(info.error.message);
  expect(info.value.mode).toBe('lab');
  expect(info.value.scenario?.id).toBe('sync-service-stopped');

  // Home: which host and which sync tool.
  await expect(page.getByTestId('host-name')).toContainText(info.value.host.computerName);
  await expect(page.getByTestId('sync-tool')).toContainText(info.value.syncTool.label);
  await expect(page.getByTestId('lab-banner')).toContainText('Lab mode');

  // "Check everything": the finding is the failing step, and its link opens that step.
  await openFinding(page, 'sync-service-stopped');
  await expect(page.getByRole('heading', { level: 2, name: 'The sync services are running' })).toBeVisible();
  await expect(page.getByTestId('step-citation')).toContainText('KB 2882421 · Method 1 · Step 2');
  await expect(page.getByTestId('step-phase')).toHaveText('Problem found');
  await expect(page.getByTestId('verdict-summary')).toContainText('is stopped');
  await expect(page.getByTestId('verdict-evidence')).toContainText('stopped');

  await page.getByTestId('fix-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('planned-change')).toHaveCount(1);
  await expect(dialog.getByTestId('planned-change')).toHaveText(/ADSync.* state stopped → running$/);

  // Before confirming: the host still has the service stopped, and no status in the UI says it
  // runs (the step's title, "The sync service is running", names the goal, not a finding).
  expect(await serviceStateOnHost(bridge)).toEqual({ status: 'fail', state: 'stopped' });
  await expect(page.getByTestId('verdict-summary')).not.toContainText(/\bis running\b/);
  await expect(page.getByTestId('step-phase')).toHaveText('Waiting for your OK');
  await expect(page.getByTestId('recheck-summary')).toHaveCount(0);

  // Confirm with the keyboard: the confirm button has the focus for this harmless plan.
  await expect(dialog.getByRole('button', { name: 'Yes, make this change' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
  await expect(page.getByTestId('fix-summary')).toBeVisible();
  await expect(page.getByTestId('recheck-summary')).toContainText(/\bis running\b/);

  // And the lab host really changed, and the audit log holds the before and after of the start.
  expect(await serviceStateOnHost(bridge)).toEqual({ status: 'pass', state: 'running' });
  const audit = auditLines(dataDir);
  expect(audit.map((l) => l.phase)).toEqual(['start', 'end']);
  expect(audit[0]).toMatchObject({ action: 'services.start', planned: [{ from: 'stopped', to: 'running' }] });
  expect(audit[1]).toMatchObject({ result: 'succeeded', recheck: { status: 'pass' } });

  // Back on the start page the findings are checked again: the stopped service is gone.
  await page
    .getByRole('button', { name: /Back to the start page/ })
    .first()
    .click();
  await expect(page.getByTestId('finding-sync-service-stopped')).toHaveCount(0);
  await expect(page.getByText('No problems found.')).toBeVisible();
});

test('the whole flow works with the keyboard alone, with focus where the admin needs it', async ({ app: page, bridge }) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Directory sync check-up' })).toBeFocused();

  // Tab to "Check everything", run it, then Tab to the finding's link; all within the tab order.
  const tabTo = async (target: ReturnType<typeof page.getByRole>) => {
    for (let i = 0; i < 40 && !(await target.evaluate((el) => el === el.ownerDocument.activeElement).catch(() => false)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(target).toBeFocused();
    await expect(target).toHaveCSS('outline-style', 'solid');
  };
  await tabTo(page.getByRole('button', { name: 'Check everything' }));
  await page.keyboard.press('Enter');
  const open = page.getByTestId('finding-sync-service-stopped').getByTestId('open-step');
  await expect(open).toBeVisible();
  await tabTo(open);
  await page.keyboard.press('Enter');

  // The wizard opens (focus on its title, briefly) and runs the check; focus then lands on the finding.
  await expect(page.getByRole('heading', { level: 1, name: 'Sync stopped or has not run for a day' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'What we found' })).toBeFocused();
  await expect(page.getByTestId('verdict-summary')).toContainText('is stopped');

  // One Tab from the finding reaches the fix; Space presses it.
  await page.keyboard.press('Tab');
  const fix = page.getByTestId('fix-button');
  await expect(fix).toBeFocused();
  await expect(fix).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press(' ');

  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Yes, make this change' });
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  await expect(confirm).toBeFocused();
  // Focus stays inside the dialog.
  await page.keyboard.press('Tab');
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(cancel).toBeFocused();

  // Escape cancels and gives focus back to the fix button; nothing was changed.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(fix).toBeFocused();
  expect(await serviceStateOnHost(bridge)).toEqual({ status: 'fail', state: 'stopped' });

  // Open it again and confirm with Enter.
  await page.keyboard.press('Enter');
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: 'Result' })).toBeFocused();
  await expect(page.getByTestId('recheck-summary')).toContainText(/\bis running\b/);
  expect(await serviceStateOnHost(bridge)).toEqual({ status: 'pass', state: 'running' });

  // The step list is reachable and arrow keys move within it.
  const stepItem = page.getByTestId('step-item-m1-s2-sync-service-running');
  await stepItem.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('step-item-m1-s2-scheduler-enabled')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(stepItem).toBeFocused();
  await expect(stepItem).toContainText('Fixed and checked');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'The sync services are running' })).toBeFocused();
});
