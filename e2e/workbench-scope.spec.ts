// The workbench's scan scope end to end against the Samba lab DC, through the bridge to the real
// handlers: OUs chosen by keyboard alone (one included, one inside it excluded) and a scan that
// shows only their findings, with the scope and the quota shown for it; "as the sync server
// filters" on a Connect server with OU filtering (connect-ou-filtered), showing the connector,
// partition and OUs read and scanning only them; on DirSync the reason and what to do instead,
// with no scan offered. axe (no serious/critical) on the scope control in each state.
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { createLabDirectoryAdmin, type LabDirectoryAdmin } from '../electron/directory/lab-directory-admin';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { DirectoryError } from '../electron/ports/errors';
import { test, expect } from './support/fixtures';
import { samba } from '../dev/bridge/lab-directory';
import { seriousViolations } from './support/axe';

test.use({ labDirectory: 'samba' });
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(3).toString('hex');
let dir: LdapDirectory;
let admin: LabDirectoryAdmin;
let baseDn: string;
const created: string[] = [];
let root: string;
let out: string;
let keep: string;

async function ensureOu(name: string, parent: string): Promise<string> {
  try {
    return await admin.createOrganizationalUnit(name, parent);
  } catch (e) {
    if (e instanceof DirectoryError && e.code === 'constraint') return `OU=${name},${parent}`;
    throw e;
  }
}

/** A user with a .local UPN, so the scan has a finding for it. */
async function user(cn: string, parentDn: string): Promise<void> {
  const sam = `${cn}-${tag}`;
  const { dn } = await admin.createUser({
    sAMAccountName: sam,
    parentDn,
    userPrincipalName: `${sam}@corp-${tag}.local`,
    password: `Pw-${randomBytes(8).toString('hex')}-9a!`,
  });
  created.push(dn);
}

/** Press Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the target');
}

async function openWorkbench(page: Page) {
  await page.getByTestId('open-workbench').click();
  await expect(page.getByRole('heading', { name: 'Directory readiness workbench' })).toBeFocused();
}

test.beforeAll(async () => {
  dir = new LdapDirectory(await samba());
  admin = createLabDirectoryAdmin(dir);
  baseDn = (await dir.info()).baseDn;
  root = await ensureOu(`dsd-scope-e2e-${tag}`, baseDn);
  keep = await ensureOu('Keep', root);
  out = await ensureOu('Out', root);
  await user('sc-root', root);
  await user('sc-keep', keep);
  await user('sc-out', out);
  // The connect-ou-filtered server's OUs (the lab world makes them too; made here so users can go in first).
  const scope = await ensureOu('DsdScope', baseDn);
  const synced = await ensureOu('Synced', scope);
  const leavers = await ensureOu('Leavers', synced);
  const returning = await ensureOu('Returning', leavers);
  await user('sv-in', synced);
  await user('sv-gone', leavers);
  await user('sv-back', returning);
  await user('sv-outside', scope);
});

test.afterAll(async () => {
  for (const dn of created.reverse()) await admin.deleteObject(dn).catch(() => {});
  await admin.deleteTree(root).catch(() => {});
  await dir.close();
});

test.describe('on a Connect server with OU filtering', () => {
  test.use({ scenarioId: 'connect-ou-filtered' });

  test('OUs chosen by keyboard: an OU included, one inside it excluded; the scan shows only their findings', async ({ app: page }) => {
    await openWorkbench(page);
    const control = page.getByTestId('scan-scope-control');
    await expect(page.getByTestId('scope-domain')).toBeChecked();
    // Keyboard only: to the scope choice, the arrow key moves to "OUs I choose".
    await tabTo(page, page.getByTestId('scope-domain'));
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('scope-ous')).toBeChecked();
    await expect(page.getByTestId('scope-ous')).toBeFocused();
    await expect(page.getByTestId('scope-ou-list')).toBeVisible();
    await tabTo(page, page.getByTestId('scope-ou-search'));
    await page.keyboard.type(`dsd-scope-e2e-${tag}`);
    const ous = page.getByTestId('scope-ou');
    await expect(ous).toHaveCount(3);
    await expect(page.getByTestId('scope-ou-count')).toContainText('3 OU(s)');
    // Before any OU is chosen, the scan cannot start.
    await expect(page.getByTestId('scan-start')).toBeDisabled();

    await tabTo(page, page.getByRole('button', { name: `Include ${root}` }));
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: `Include ${root}` })).toHaveAttribute('aria-pressed', 'true');
    await tabTo(page, page.getByRole('button', { name: `Exclude ${out}` }));
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: `Exclude ${out}` })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('scope-chosen')).toHaveText(`Included: ${root}. Excluded: ${out}.`);
    await expect(page.getByTestId('scope-problem')).toHaveCount(0);
    expect(await seriousViolations(page, '[data-testid=scan-scope-control]')).toEqual([]);

    // Lists that cannot be meant are said, and no scan is offered until they are fixed: an
    // exclusion alone, then an exclusion outside the only included OU.
    await tabTo(page, page.getByRole('button', { name: `Include ${root}` }));
    await page.keyboard.press('Space');
    await expect(page.getByTestId('scope-problem')).toContainText('choose at least one OU to include');
    await expect(page.getByTestId('scan-start')).toBeDisabled();
    await tabTo(page, page.getByRole('button', { name: `Include ${keep}` }));
    await page.keyboard.press('Space');
    await expect(page.getByTestId('scope-problem')).toContainText(`excluded container ${out} is not inside any included one`);
    await expect(page.getByTestId('scan-start')).toBeDisabled();
    await page.keyboard.press('Space');
    // Back over root's Exclude to its Include (the list runs parents first).
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: `Include ${root}` })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('scope-problem')).toHaveCount(0);
    await expect(page.getByTestId('scope-chosen')).toHaveText(`Included: ${root}. Excluded: ${out}.`);

    await tabTo(page, page.getByTestId('scan-start'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('scan-status')).toContainText('Scan finished', { timeout: 60_000 });
    const rows = page.getByTestId('grid-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: `sc-root-${tag}` })).toHaveCount(1);
    await expect(rows.filter({ hasText: `sc-keep-${tag}` })).toHaveCount(1);
    await expect(rows.filter({ hasText: `sc-out-${tag}` })).toHaveCount(0);
    await expect(page.getByTestId('scan-scope')).toContainText(`Last scan: the OUs chosen: ${root}, without ${out}`);
    await expect(page.getByTestId('quota')).toContainText('Objects in scope: 2 of the 50,000');
    expect(await seriousViolations(page, '[data-testid=scan-scope-control]')).toEqual([]);
    await expect(control).toBeVisible();
  });

  test('"as the sync server filters": the connector, partition and OUs read, and only their objects scanned; a changed scope is said to mean a full scan', async ({
    app: page,
  }) => {
    await openWorkbench(page);
    await tabTo(page, page.getByTestId('scope-domain'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('scope-server')).toBeChecked();
    const synced = `OU=Synced,OU=DsdScope,${baseDn}`;
    const leavers = `OU=Leavers,${synced}`;
    const returning = `OU=Returning,${leavers}`;
    await expect(page.getByTestId('scope-server-read')).toHaveText(
      `Read from the AD connector lab.example.com, partition ${baseDn}: included ${synced}; ${returning}; excluded ${leavers}.`,
    );
    expect(await seriousViolations(page, '[data-testid=scan-scope-control]')).toEqual([]);
    await tabTo(page, page.getByTestId('scan-start'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('scan-status')).toContainText('Scan finished', { timeout: 60_000 });
    const rows = page.getByTestId('grid-row');
    await expect(rows.filter({ hasText: `sv-in-${tag}` })).toHaveCount(1);
    await expect(rows.filter({ hasText: `sv-back-${tag}` })).toHaveCount(1);
    await expect(rows.filter({ hasText: `sv-gone-${tag}` })).toHaveCount(0);
    await expect(rows.filter({ hasText: `sv-outside-${tag}` })).toHaveCount(0);
    await expect(rows.filter({ hasText: `sc-root-${tag}` })).toHaveCount(0);
    await expect(page.getByTestId('scan-scope')).toContainText('Last scan: as the sync server filters: the OU filtering of the AD connector lab.example.com');

    // Back to the whole domain: the next scan is a full one, and the control says so first.
    await page.getByTestId('scope-server').focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(page.getByTestId('scope-domain')).toBeChecked();
    await expect(page.getByTestId('scope-changed')).toContainText('the next scan reads everything in it (a full scan)');
  });
});

test.describe('on a DirSync server', () => {
  test.use({ scenarioId: 'dirsync-64bit-small' });

  test('"as the sync server filters" says why it cannot be read and what to do instead; no scan is offered', async ({ app: page }) => {
    await openWorkbench(page);
    await page.getByTestId('scope-server').check();
    await expect(page.getByTestId('scope-server-problem')).toContainText(
      "The sync server’s OU filtering cannot be used: DirSync keeps its OU filtering in its sync engine's management agent configuration",
    );
    await expect(page.getByTestId('scope-server-problem')).toContainText('Choose the OUs yourself');
    await expect(page.getByTestId('scan-start')).toBeDisabled();
    expect(await seriousViolations(page, '[data-testid=scan-scope-control]')).toEqual([]);
    // The way out it offers: the admin's own choice of OUs.
    await tabTo(page, page.getByTestId('scope-fallback-ous'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('scope-ous')).toBeChecked();
    await expect(page.getByTestId('scope-ous')).toBeFocused();
    await expect(page.getByTestId('scope-ou-list')).toBeVisible();
    await page.getByTestId('scope-ou-search').fill(`dsd-scope-e2e-${tag}`);
    await page.getByRole('button', { name: `Include ${root}` }).press('Space');
    await expect(page.getByTestId('scan-start')).toBeEnabled();
  });
});
