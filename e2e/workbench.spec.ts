// Issue 9 end to end against the Samba lab DC, through the bridge to the real main-process
// handlers: scan, filter by error type, edit a duplicate proxy address by keyboard, apply, a
// re-scan shows it gone, undo brings it back and a re-scan shows it again; the .local users chosen
// (by keyboard, one left out) move to a routable suffix and back by undo; an object changed in Samba between the scan and the
// apply is skipped and listed. axe (no serious/critical) on the grid with its side panel, the
// preview and the undo dialog.
import { seriousViolations } from './support/axe';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { Attribute, Change } from 'ldapts';
import { createLabDirectoryAdmin } from '../electron/directory/lab-directory-admin';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { test, expect } from './support/fixtures';
import { samba } from '../dev/bridge/lab-directory';
import { parseChangesCsv } from '../shared/readiness/scan/csv';

// A server with no sync tool: its lab seeds no service account into the shared DC, so these tests
// never reset svc-adsync or MSOL_ under a Samba logon-failure test running beside them.
test.use({ labDirectory: 'samba', scenarioId: 'no-sync-tool' });
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(3).toString('hex');
const domain = 'lab.example.com';
const local = `corp-${tag}.local`;
const routable = `wb-${tag}.example.org`;
let dir: LdapDirectory;
let ou: string;
const dn = (cn: string) => `CN=${cn}-${tag},${ou}`;

async function values(objectDn: string, attribute: string): Promise<string[]> {
  const r = await dir.withClient('read', async (c) => (await c.search(objectDn, { scope: 'base', attributes: [attribute] })).searchEntries[0]);
  const v = r?.[Object.keys(r).find((k) => k.toLowerCase() === attribute.toLowerCase()) ?? ''];
  return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String).sort();
}

/** Press Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the target');
}

/** A row's action select: the grid shows the action as text until the pointer enters its cell (or the row is active). */
async function actionOf(row: Locator): Promise<Locator> {
  await row.locator('[role=gridcell][aria-colindex="6"]').hover();
  return row.getByTestId('row-action');
}

async function openWorkbench(page: Page) {
  await page.getByTestId('open-workbench').click();
  await expect(page.getByRole('heading', { name: 'Directory readiness workbench' })).toBeFocused();
}

async function scan(page: Page) {
  await page.getByTestId('scan-start').click();
  await expect(page.getByTestId('scan-status')).toContainText('Scan finished', { timeout: 60_000 });
}

test.beforeAll(async () => {
  dir = new LdapDirectory(await samba());
  const admin = createLabDirectoryAdmin(dir);
  ou = await admin.createOrganizationalUnit(`dsd-wb-e2e-${tag}`);
  const user = (cn: string, upn: string, attributes?: Record<string, string[]>) =>
    admin.createUser({
      sAMAccountName: `${cn}-${tag}`,
      parentDn: ou,
      userPrincipalName: upn,
      password: `Pw-${randomBytes(8).toString('hex')}-9a!`,
      attributes,
    });
  await user('dupa', `dupa-${tag}@${domain}`, { proxyAddresses: [`SMTP:dupa-${tag}@${domain}`, `smtp:shared-${tag}@${domain}`] });
  await user('dupb', `dupb-${tag}@${domain}`, { proxyAddresses: [`SMTP:dupb-${tag}@${domain}`, `smtp:shared-${tag}@${domain}`] });
  await user('carl', `carl-${tag}@${domain}`, {
    proxyAddresses: [`SMTP:carl-${tag}@${domain}`, `smtp:carl.old-${tag}@${domain}`, `smtp:carl-shared-${tag}@${domain}`],
  });
  await user('cara', `cara-${tag}@${domain}`, { proxyAddresses: [`SMTP:cara-${tag}@${domain}`, `smtp:carl-shared-${tag}@${domain}`] });
  for (const n of ['ann', 'bob', 'cyd']) await user(n, `${n}-${tag}@${local}`);
});

test.afterAll(async () => {
  await createLabDirectoryAdmin(dir)
    .deleteTree(ou)
    .catch(() => {});
  await dir.close();
});

test('scan, filter by error type, edit a duplicate proxy address by keyboard, apply, re-scan, undo, re-scan', async ({ app: page }) => {
  await openWorkbench(page);
  await scan(page);
  await page.getByTestId('chip-duplicate').click();
  await expect(page.getByTestId('chip-duplicate')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('filter-text').fill(`:shared-${tag}`);
  const rows = page.getByTestId('grid-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('duplicate');

  // The side panel: the whole object and the other member of the duplicate set, side by side.
  await rows
    .filter({ hasText: `dupa-${tag}` })
    .getByRole('gridcell')
    .first()
    .click();
  await expect(page.getByTestId('side-object')).toHaveCount(2);
  await expect(page.getByTestId('side-panel')).toContainText(`smtp:shared-${tag}@${domain}`);
  expect(await seriousViolations(page)).toEqual([]);
  // The admin picks dupb to keep the value: dupa's row gets "remove", dupb's "complete".
  await page
    .getByTestId('side-object')
    .filter({ hasText: `CN=dupb-${tag}` })
    .getByTestId('keep-here')
    .click();
  await expect(await actionOf(rows.filter({ hasText: `dupa-${tag}` }))).toHaveValue('remove');
  await expect(await actionOf(rows.filter({ hasText: `dupb-${tag}` }))).toHaveValue('complete');
  await (await actionOf(rows.filter({ hasText: `dupb-${tag}` }))).selectOption('none');
  await page.getByTestId('side-close').click();

  // Keyboard only from here: into the grid, to dupa's proposed value, edit, then preview.
  await page.getByTestId('filter-text').focus();
  await tabTo(page, page.getByTestId('sort-object'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('columnheader', { name: 'Object' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.first()).toContainText(`dupa-${tag}`);
  await tabTo(page, page.locator('[role=gridcell][tabindex="0"]'));
  await page.keyboard.press('Control+Home');
  await expect(page.locator('[data-cell="0:0"]')).toBeFocused();
  // Enter opens the side panel (focus on its heading); closing it returns focus to the cell.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('side-panel').getByRole('heading', { level: 2 })).toBeFocused();
  await tabTo(page, page.getByTestId('side-close'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('side-panel')).toHaveCount(0);
  await expect(page.locator('[data-cell="0:0"]')).toBeFocused();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-cell="0:6"]')).toBeFocused();
  await page.keyboard.press('F2');
  const input = page.getByTestId('edit-input');
  await expect(input).toBeFocused();
  // A value the rules reject is refused with the reason.
  await input.fill(`smtp:dupa 2-${tag}@${domain}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('edit-error')).toBeVisible();
  await input.fill(`smtp:dupa.2-${tag}@${domain}`);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-cell="0:6"]')).toContainText(`smtp:dupa.2-${tag}@${domain}`);
  await expect(rows.first().getByTestId('row-action')).toHaveValue('edit');
  await tabTo(page, page.getByTestId('preview-apply'));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('preview-change')).toHaveCount(1);
  await expect(dialog.getByTestId('preview-change')).toContainText(`proxyAddresses: "smtp:shared-${tag}@${domain}" → "smtp:dupa.2-${tag}@${domain}"`);
  expect(await seriousViolations(page)).toEqual([]);
  await tabTo(page, dialog.getByTestId('batch-confirm'));
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('batch-summary')).toContainText('1 applied, 0 skipped, 0 failed');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await values(dn('dupa'), 'proxyAddresses')).toEqual([`SMTP:dupa-${tag}@${domain}`, `smtp:dupa.2-${tag}@${domain}`]);

  // Re-scan: the duplicate is gone (both rows).
  await page.getByTestId('filter-text').fill(`:shared-${tag}`);
  await scan(page);
  await expect(page.getByTestId('row-count')).toContainText('0 of');
  await expect(rows).toHaveCount(0);

  // Undo from the applied batches, by keyboard, then a re-scan shows the duplicate again.
  const undo = page.getByTestId('batch-item').first().getByTestId('undo-batch');
  await undo.focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('preview-change')).toContainText(`proxyAddresses: "smtp:dupa.2-${tag}@${domain}" → "smtp:shared-${tag}@${domain}"`);
  expect(await seriousViolations(page)).toEqual([]);
  await tabTo(page, dialog.getByTestId('batch-confirm'));
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('batch-summary')).toContainText('1 applied, 0 skipped, 0 failed');
  await page.keyboard.press('Escape');
  expect(await values(dn('dupa'), 'proxyAddresses')).toEqual([`SMTP:dupa-${tag}@${domain}`, `smtp:shared-${tag}@${domain}`]);
  await scan(page);
  await expect(rows).toHaveCount(2);
});

test('an object changed in Samba between the scan and the apply is skipped and listed', async ({ app: page }) => {
  await openWorkbench(page);
  await scan(page);
  await page.getByTestId('filter-text').fill(`carl-shared-${tag}`);
  const rows = page.getByTestId('grid-row');
  const carl = rows.filter({ hasText: `carl-${tag},` });
  await expect(carl).toHaveCount(1);
  await (await actionOf(carl)).selectOption('remove');
  // Someone removes that value in AD meanwhile.
  await dir.withClient('edit carl', (c) =>
    c.modify(
      dn('carl'),
      new Change({ operation: 'delete', modification: new Attribute({ type: 'proxyAddresses', values: [`smtp:carl-shared-${tag}@${domain}`] }) }),
    ),
  );
  await page.getByTestId('preview-apply').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('batch-confirm').click();
  await expect(dialog.getByTestId('batch-summary')).toContainText('0 applied, 1 skipped, 0 failed');
  await expect(dialog.getByTestId('batch-problem')).toContainText(`skipped: ${dn('carl')}`);
  await expect(dialog.getByTestId('batch-problem')).toContainText('changed since the scan');
  expect(await values(dn('carl'), 'proxyAddresses')).toEqual([`SMTP:carl-${tag}@${domain}`, `smtp:carl.old-${tag}@${domain}`]);
});

test('the chosen .local users move to a routable suffix, the one left out stays, and undo moves them back', async ({ app: page }) => {
  await openWorkbench(page);
  await page.getByTestId('upn-load').click();
  await expect(page.getByTestId('upn-suffixes')).toContainText(local);
  await page.getByTestId('upn-from').selectOption(local);
  await page.getByTestId('upn-to').fill(routable);
  const users = page.getByTestId('upn-user');
  await expect(users).toHaveCount(3);
  await expect(page.getByTestId('upn-chosen-count')).toContainText(`3 of 3 users of ${local} chosen to move`);

  // By keyboard: into the list, down to bob, Space leaves him out.
  const list = page.getByTestId('upn-user-list');
  await tabTo(page, list);
  await page.keyboard.press('ArrowDown');
  await expect(list).toHaveAttribute('aria-activedescendant', (await users.nth(1).getAttribute('id'))!);
  await page.keyboard.press('Space');
  await expect(users.filter({ hasText: `bob-${tag}@` })).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByTestId('upn-chosen-count')).toContainText(`2 of 3 users of ${local} chosen to move`);
  // The list box with a chosen, a left-out and the active user, in both themes.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousViolations(page, '[data-testid=upn-panel]'), colorScheme).toEqual([]);
  }
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByTestId('upn-preview').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('preview-change')).toHaveCount(3);
  await expect(dialog.getByTestId('preview-change').first()).toContainText(`uPNSuffixes: add "${routable}"`);
  await expect(dialog).not.toContainText(dn('bob'));
  await dialog.getByTestId('batch-confirm').click();
  await expect(dialog.getByTestId('batch-summary')).toContainText('3 applied, 0 skipped, 0 failed');
  await dialog.getByTestId('batch-close').click();
  expect(await values(dn('ann'), 'userPrincipalName')).toEqual([`ann-${tag}@${routable}`]);
  expect(await values(dn('cyd'), 'userPrincipalName')).toEqual([`cyd-${tag}@${routable}`]);
  expect(await values(dn('bob'), 'userPrincipalName')).toEqual([`bob-${tag}@${local}`]);
  // The list is read again: only bob is left on the suffix, still left out, so there is nothing to preview.
  await expect(users).toHaveCount(1);
  await expect(page.getByTestId('upn-chosen-count')).toContainText(`0 of 1 users of ${local} chosen to move`);
  await expect(page.getByTestId('upn-preview')).toBeDisabled();
  await expect(page.getByTestId('upn-preview-why')).toHaveText('No user is chosen: choose at least one user to move.');

  await page.getByTestId('batch-item').first().getByTestId('undo-batch').click();
  await expect(dialog.getByTestId('preview-change')).toHaveCount(3);
  await dialog.getByTestId('batch-confirm').click();
  await expect(dialog.getByTestId('batch-summary')).toContainText('3 applied, 0 skipped, 0 failed');
  expect(await values(dn('ann'), 'userPrincipalName')).toEqual([`ann-${tag}@${local}`]);
  expect(await values(dn('cyd'), 'userPrincipalName')).toEqual([`cyd-${tag}@${local}`]);
  expect(await values(dn('bob'), 'userPrincipalName')).toEqual([`bob-${tag}@${local}`]);
  await dialog.getByTestId('batch-close').click();
  await expect(users).toHaveCount(3);
});

test('CSV: the filtered grid exported, an action edited in the file and imported; a bad row named by line and column', async ({ app: page }) => {
  await openWorkbench(page);
  await scan(page);
  await page.getByTestId('chip-duplicate').click();
  await page.getByTestId('filter-text').fill(`:shared-${tag}`);
  const rows = page.getByTestId('grid-row');
  await expect(rows).toHaveCount(2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = await readFile(await download.path(), 'utf8');
  // Only the rows shown: the two members of the duplicate set.
  const exported = parseChangesCsv(csv);
  expect(exported.problems).toEqual([]);
  expect(exported.rows.map((r) => r.dn).sort()).toEqual([dn('dupa'), dn('dupb')]);
  const lines = csv.split(/\r?\n/);
  const at = lines.findIndex((l) => l.includes(`CN=dupa-${tag},`));
  const withAction = (action: string) => lines.map((l, i) => (i === at ? l.replace(/,none,([^,]*)$/, `,${action},$1`) : l)).join('\r\n');
  expect(withAction('remove')).not.toBe(csv);

  // A bad action: named by its line and column, and nothing imported.
  await page.getByTestId('import-csv').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(withAction('bogus')) });
  await expect(page.getByTestId('import-problems')).toContainText(`line ${at + 1}, column action: "bogus" is not one of`);
  await expect(page.getByTestId('import-note')).toContainText('Nothing was imported');
  await expect(await actionOf(rows.filter({ hasText: `dupa-${tag}` }))).toHaveValue('none');

  // The edited file: dupa's value is to be removed.
  await page.getByTestId('import-csv').setInputFiles({ name: 'edited.csv', mimeType: 'text/csv', buffer: Buffer.from(withAction('remove')) });
  await expect(page.getByTestId('import-note')).toContainText('Imported the actions of 2 row(s) from edited.csv');
  await expect(await actionOf(rows.filter({ hasText: `dupa-${tag}` }))).toHaveValue('remove');
  await expect(await actionOf(rows.filter({ hasText: `dupb-${tag}` }))).toHaveValue('none');
  await expect(page.getByTestId('preview-apply')).toContainText('Preview and apply 1 action');
});
