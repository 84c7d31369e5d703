// The support bundle through the UI: the dialog shows every section before saving, is used by
// keyboard and passes axe; its bundle names every finding the CLI's bundle of the same scenario
// names, and pseudonymised it holds none of the scenario's names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from './support/fixtures';
import { seriousViolations } from './support/axe';
import { runCli } from '../electron/cli/main';

test.use({ scenarioId: 'dirsync-account-moved' });

async function cliBundle(pseudonymise: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-e2e-bundle-'));
  const file = path.join(dir, 'cli.zip');
  await runCli(['report', '--lab', 'dirsync-account-moved', '--out', file, ...(pseudonymise ? ['--pseudonymise'] : [])], {
    stdout: () => {},
    stderr: () => {},
    env: { DSD_DATA_DIR: dir },
  });
  return unzipSync(fs.readFileSync(file));
}
const findingIds = (entries: Record<string, Uint8Array>) =>
  (JSON.parse(strFromU8(entries['report.json']!)) as { findings: { id: string }[] }).findings.map((f) => f.id);

test('the UI bundle: previewed section by section, saved, the same findings as the CLI bundle; pseudonymised without the names', async ({ app: page }) => {
  await page.getByTestId('open-support-bundle').click();
  const dialog = page.getByTestId('support-bundle-dialog');
  await expect(dialog.getByRole('heading', { name: 'Support bundle' })).toBeFocused();
  await expect(dialog.getByTestId('bundle-section')).toHaveCount(4);
  await expect(dialog.getByTestId('bundle-caps')).toContainText('at most 4 MiB');
  expect(await seriousViolations(page, '[data-testid="support-bundle-dialog"]')).toEqual([]);

  const save = async () => {
    const download = page.waitForEvent('download');
    await dialog.getByTestId('bundle-save').click();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-ui-bundle-')), 'ui.zip');
    await (await download).saveAs(file);
    return unzipSync(fs.readFileSync(file));
  };
  const plain = await save();
  expect(findingIds(plain).length).toBeGreaterThan(0);
  expect(findingIds(plain)).toEqual(findingIds(await cliBundle(false)));

  await dialog.getByTestId('bundle-pseudonymise').focus();
  await page.keyboard.press('Space');
  await expect(dialog.getByTestId('bundle-section')).toHaveCount(4);
  await dialog.getByTestId('bundle-section').nth(3).locator('summary').click();
  await expect(dialog.getByTestId('bundle-section').nth(3)).not.toContainText('lab.example.com');
  const hidden = await save();
  const text = Object.values(hidden)
    .map((e) => strFromU8(e).toLowerCase())
    .join('\n');
  for (const name of ['msol_ad_sync', 'dirsync01', 'lab.example.com', 'dc=lab,dc=example,dc=com']) expect(text).not.toContain(name);
  expect(findingIds(hidden)).toEqual(findingIds(await cliBundle(true)));

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('open-support-bundle')).toBeFocused();
});
