// Issue 9's cancel paths end to end against the Samba lab DC, through the bridge to the real
// main-process handlers: a scan cancelled midway keeps the findings read so far and says they are
// partial; a batch stopped during the apply stops between writes, the report lists what was
// written and what was not, and a re-read in Samba agrees row by row. The lab DC on loopback
// answers a whole scan or a small batch before a click lands, so the bridge wraps its directory
// port in simulated latency (electron/lab/directory-latency.ts, test-only).
import { seriousViolations } from './support/axe';
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createLabDirectoryAdmin } from '../electron/directory/lab-directory-admin';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { test, expect } from './support/fixtures';
import { samba } from '../dev/bridge/lab-directory';

// A server with no sync tool: its lab seeds no service account into the shared DC, so these tests
// never reset svc-adsync or MSOL_ under a Samba logon-failure test running beside them.
test.use({ labDirectory: 'samba', scenarioId: 'no-sync-tool' });
test.describe.configure({ mode: 'serial' });

const tag = randomBytes(3).toString('hex');
const local = `stop-${tag}.local`;
const routable = `stop-${tag}.example.org`;
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
let dir: LdapDirectory;
let ou: string;
const dn = (cn: string) => `CN=${cn}-${tag},${ou}`;

async function upnOf(objectDn: string): Promise<string> {
  const r = await dir.withClient('read', async (c) => (await c.search(objectDn, { scope: 'base', attributes: ['userPrincipalName'] })).searchEntries[0]);
  return String(r?.userPrincipalName ?? '');
}

async function openWorkbench(page: Page) {
  await page.getByTestId('open-workbench').click();
  await expect(page.getByRole('heading', { name: 'Directory readiness workbench' })).toBeFocused();
}

/** The number before " of " in "N of M rows shown". */
async function rowTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId('row-count').textContent()) ?? '';
  const m = / of ([\d,]+) rows shown/.exec(text);
  if (!m) throw new Error(`unexpected row count text: ${text}`);
  return Number(m[1]!.replace(/,/g, ''));
}

test.beforeAll(async () => {
  dir = new LdapDirectory(await samba());
  const admin = createLabDirectoryAdmin(dir);
  ou = await admin.createOrganizationalUnit(`dsd-wb-stop-${tag}`);
  for (const n of USERS) {
    await admin.createUser({
      sAMAccountName: `${n}-${tag}`,
      parentDn: ou,
      userPrincipalName: `${n}-${tag}@${local}`,
      password: `Pw-${randomBytes(8).toString('hex')}-9a!`,
    });
  }
});

test.afterAll(async () => {
  await createLabDirectoryAdmin(dir)
    .deleteTree(ou)
    .catch(() => {});
  await dir.close();
});

test.describe('scan cancel', () => {
  // Pages of 2 entries, 150 ms apart: the lab DC's ~70 objects take about 5 s to read.
  test.use({ labDirectoryLatency: { pageSize: 2, perPageMs: 150, perOperationMs: 0 } });

  test('a scan cancelled midway keeps the findings read so far and says they are partial', async ({ app: page }) => {
    await openWorkbench(page);
    await page.getByTestId('scan-start').click();
    await expect(page.getByTestId('scan-status')).toContainText('Scanning');
    const rows = page.getByTestId('grid-row');
    await expect(rows.first()).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('scan-cancel').click();
    await expect(page.getByTestId('scan-status')).toContainText('Scan cancelled, results partial', { timeout: 10_000 });
    await expect(page.getByTestId('scan-status')).toContainText('scan again for complete results');
    // How far it got, in objects read (not the last every-500 progress mark, which would be 0 here).
    // A split scan knows its total once every part is counted; before that it says "of at least N".
    await expect(page.getByTestId('scan-status')).toContainText(/results partial: [1-9][\d,]* of (at least )?[\d,]+ objects read/);
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page.getByTestId('scan-cancel')).toHaveCount(0);
    const partial = await rowTotal(page);
    expect(partial).toBeGreaterThan(0);
    await expect(rows.first()).toBeVisible();
    // The scan really stopped early: a full scan finds more (at least this test's six .local users, read last).
    await page.getByTestId('scan-start').click();
    await expect(page.getByTestId('scan-status')).toContainText('Scan finished', { timeout: 60_000 });
    expect(await rowTotal(page)).toBeGreaterThan(partial);
  });
});

test.describe('batch stop', () => {
  // Each re-read and each write waits 400 ms: a row takes about 0.8 s, so Stop lands midway.
  test.use({ labDirectoryLatency: { pageSize: 1000, perPageMs: 0, perOperationMs: 400 } });

  test('a batch stopped during the apply stops between writes; the report and a re-read in Samba agree', async ({ app: page }) => {
    await openWorkbench(page);
    await page.getByTestId('upn-load').click();
    await expect(page.getByTestId('upn-suffixes')).toContainText(local);
    await page.getByTestId('upn-from').selectOption(local);
    await page.getByTestId('upn-to').fill(routable);
    await page.getByTestId('upn-preview').click();
    const dialog = page.getByRole('dialog');
    // The forest's new suffix, then one change per user.
    await expect(dialog.getByTestId('preview-change')).toHaveCount(1 + USERS.length);
    await dialog.getByTestId('batch-confirm').click();
    // Stop once the suffix and at least one user are written.
    await expect(dialog.getByRole('status')).toContainText(/^[2-9] of 7 written/, { timeout: 30_000 });
    await dialog.getByTestId('batch-stop').click();
    await expect(dialog.getByTestId('batch-summary')).toContainText('not started (stopped)', { timeout: 30_000 });
    const summary = (await dialog.getByTestId('batch-summary').textContent()) ?? '';
    const m = /(\d+) applied, 0 skipped, 0 failed, (\d+) not started \(stopped\)/.exec(summary);
    expect(m, summary).not.toBeNull();
    const [applied, stopped] = [Number(m![1]), Number(m![2])];
    expect(applied).toBeGreaterThanOrEqual(2);
    expect(stopped).toBeGreaterThanOrEqual(1);
    expect(applied + stopped).toBe(1 + USERS.length);
    await expect(dialog.getByTestId('batch-stopped')).toContainText(`Stopped: ${applied} written, ${stopped} not written`);
    expect(await seriousViolations(page)).toEqual([]);

    // Row by row, the report and the directory agree: written users have the new suffix, the rest the old.
    const written = (await dialog.getByTestId('batch-written').locator('li').allTextContents()).join('\n');
    const notWritten = (await dialog.getByTestId('batch-not-written').locator('li').allTextContents()).join('\n');
    expect(written).toContain(`uPNSuffixes: add "${routable}"`);
    let movedUsers = 0;
    for (const n of USERS) {
      const upn = await upnOf(dn(n));
      if (written.includes(dn(n))) {
        movedUsers++;
        expect(upn).toBe(`${n}-${tag}@${routable}`);
        expect(notWritten).not.toContain(dn(n));
      } else {
        expect(notWritten).toContain(dn(n));
        expect(upn).toBe(`${n}-${tag}@${local}`);
      }
    }
    expect(movedUsers).toBe(applied - 1);
    await dialog.getByTestId('batch-close').click();

    // Undo reverses only what was written (the rest is already as before); everyone is back on .local.
    await page.getByTestId('batch-item').first().getByTestId('undo-batch').click();
    await dialog.getByTestId('batch-confirm').click();
    await expect(dialog.getByTestId('batch-summary')).toContainText(`${applied} applied, 0 skipped, 0 failed, ${stopped} already as before`, {
      timeout: 30_000,
    });
    for (const n of USERS) expect(await upnOf(dn(n))).toBe(`${n}-${tag}@${local}`);
  });
});
