// The DirSync upgrade's directory side through the UI against the Samba lab DC: the moved
// MSOL_<hex> account moved back and re-checked; the deletion gap (objects deleted in Samba
// after the snapshot are listed, those deleted before are not). And the different-computer
// checklist resumes after the app (the bridge session) restarts on the same data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LdapDirectory } from '../electron/directory/ldap-directory';
import { createLabDirectoryAdmin } from '../electron/directory/lab-directory-admin';
import { startBridge } from '../dev/bridge/server';
import { GAP_CSV_COLUMNS } from '../shared/domain/gap';
import { test, expect, openStep, confirmFix } from './support/fixtures';
import { samba } from '../dev/bridge/lab-directory';

test.setTimeout(120_000);

test.describe('against the Samba lab DC', () => {
  test.use({ scenarioId: 'dirsync-msol-hex-moved', labDirectory: 'samba' });

  test('a moved MSOL_<hex> account is moved back, with the exact DN change shown, and re-checked', async ({ app: page }) => {
    await page.getByRole('button', { name: /Start: Upgrade DirSync to Entra Connect on this server/ }).click();
    await openStep(page, 'sync-account');
    await expect(page.getByTestId('verdict-summary')).toContainText('MSOL_3f9a1c0b7d2e was moved out of the Users container');
    await page.getByTestId('fix-button').click();
    const change = page.getByRole('dialog').getByTestId('planned-change');
    await expect(change).toContainText('CN=MSOL_3f9a1c0b7d2e,OU=Service Accounts,DC=lab,DC=example,DC=com');
    await expect(change).toContainText('CN=MSOL_3f9a1c0b7d2e,CN=Users,DC=lab,DC=example,DC=com');
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, make this change' }).click();
    await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
    await expect(page.getByTestId('recheck-summary')).toContainText('MSOL_3f9a1c0b7d2e is in the Users container');

    const dir = new LdapDirectory(await samba());
    try {
      expect((await dir.findAccount('MSOL_3f9a1c0b7d2e'))?.parentDn).toMatch(/^CN=Users,DC=lab/i);
    } finally {
      await dir.close();
    }
  });

  test('objects deleted in Samba after the snapshot are listed on the last step; those deleted before are not', async ({ app: page }) => {
    const dir = new LdapDirectory(await samba());
    const admin = createLabDirectoryAdmin(dir);
    const tag = randomBytes(3).toString('hex');
    const ou = await admin.createOrganizationalUnit(`gape2e${tag}`);
    try {
      const before = await admin.createUser({ sAMAccountName: `gb${tag}`, parentDn: ou, password: 'Gap-E2e-Pass-1a' });
      const after = await admin.createUser({ sAMAccountName: `ga${tag}`, parentDn: ou, password: 'Gap-E2e-Pass-1a' });
      await admin.deleteUser(before.dn);

      await page.getByRole('button', { name: /Start: Upgrade DirSync to Entra Connect on this server/ }).click();
      await openStep(page, 'gap-snapshot');
      await confirmFix(page);
      await expect(page.getByTestId('step-phase')).toHaveText('Fixed and checked');
      await expect(page.getByTestId('recheck-summary')).toContainText('objects in sync scope were recorded');

      await admin.deleteUser(after.dn);
      await openStep(page, 'gap-deletions');
      await page.getByTestId('probe-button').click();
      await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', 'failed');
      const evidence = page.getByTestId('verdict-evidence');
      await expect(evidence).toContainText(after.objectGuid);
      await expect(evidence).toContainText(after.dn);
      await expect(evidence).not.toContainText(before.objectGuid);
      await expect(evidence).toContainText('gap list --snapshot');

      // The CSV download: the rows `gap list --format csv` makes, the later deletion only.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gap-export-csv').click()]);
      expect(download.suggestedFilename()).toBe('deletion-gap.csv');
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      const lines = csv.trimEnd().split('\r\n');
      expect(lines[0]).toBe(GAP_CSV_COLUMNS.join(','));
      const mine = lines.filter((l) => l.includes(tag));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toContain(after.objectGuid);
      expect(csv).not.toContain(before.objectGuid);
      await expect(page.getByTestId('gap-export-status')).toContainText(/Exported \d+ deleted object/);
    } finally {
      await admin.deleteTree(ou).catch(() => {});
      await dir.close();
    }
  });
});

test('the different-computer checklist survives a restart of the app midway', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-e2e-restart-'));
  const first = await startBridge({ scenarioId: 'dirsync-64bit-large', dataDir });
  try {
    await page.goto(first.url);
    await page.getByRole('button', { name: /Start: Update DirSync using a different computer/ }).click();
    await openStep(page, 'path');
    await confirmFix(page);
    await expect(page.getByTestId('step-phase')).toHaveText(/^Recorded by .+ at /);
    await openStep(page, 'new-computer');
    await expect(page.getByTestId('verdict-summary')).toContainText('Not recorded yet');
    await confirmFix(page);
    await expect(page.getByTestId('recheck-summary')).toContainText('You recorded: ');
    await expect(page.getByTestId('step-phase')).toHaveText(/^Recorded by .+ at .+\d{4}/);
  } finally {
    await first.close();
  }

  const second = await startBridge({ scenarioId: 'dirsync-64bit-large', dataDir });
  try {
    await page.goto(second.url);
    await page.getByRole('button', { name: /Start: Update DirSync using a different computer/ }).click();
    await openStep(page, 'path');
    await expect(page.getByTestId('verdict-summary')).toContainText('You chose: Update using a different computer');
    await openStep(page, 'new-computer');
    await expect(page.getByTestId('step-detail')).toHaveAttribute('data-phase', 'recorded');
    await expect(page.getByTestId('verdict-summary')).toContainText('You recorded');
    await openStep(page, 'old-forced-sync');
    await expect(page.getByTestId('verdict-summary')).toContainText('Not recorded yet');
  } finally {
    await second.close();
  }
});
