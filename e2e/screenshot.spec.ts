// Screenshot for support: a password and a user name hold known values; the PNG saved (and the
// one copied) has a uniform block over each and a footer, and neither value is in any file the
// app saved. The bridge's screenshot port captures the page with Playwright, as the app's capturePage would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBridge, type Bridge } from '../dev/bridge/server';
import { readPng } from './support/png';
import { test as base, expect } from './support/fixtures';

const USER = 'known.user.7731@lab.example.com';
const PASSWORD = 'Known-Secret-Value-91!';

type Box = { x: number; y: number; width: number; height: number } | null;

const test = base.extend<{ saveDir: string; clipboard: Uint8Array[]; fieldBoxes: Box[][] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  saveDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-shots-'));
    try {
      await use(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  clipboard: async ({}, use) => use([]),
  // eslint-disable-next-line no-empty-pattern -- as above
  fieldBoxes: async ({}, use) => use([]),
  bridge: async ({ scenarioId, dataDir, page, saveDir, clipboard, fieldBoxes }, use) => {
    const bridge: Bridge = await startBridge({
      scenarioId,
      dataDir,
      screenshot: {
        // Where the two fields are at the moment of capture (the page may have moved since they were typed in).
        capture: async () => {
          const form = page.getByTestId('directory-signin');
          fieldBoxes.push([await form.getByLabel('Account (user@domain)').boundingBox(), await form.getByLabel('Password', { exact: true }).boundingBox()]);
          return new Uint8Array(await page.screenshot());
        },
        chooseSavePath: async (name) => path.join(saveDir, name),
        copyToClipboard: async (png) => void clipboard.push(png),
      },
    });
    try {
      await use(bridge);
    } finally {
      await bridge.close();
    }
  },
});

function containsAnyForm(bytes: Buffer, value: string): boolean {
  return [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le'), Buffer.from(Buffer.from(value).toString('base64'))].some((needle) =>
    bytes.includes(needle),
  );
}

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

test('a saved screenshot masks the password and the user name (uniform pixels), carries the footer, and no file holds either value', async ({
  app: page,
  saveDir,
  dataDir,
  clipboard,
  fieldBoxes,
}) => {
  // The home settles first (the diagnosis it runs by itself changes the page's height above the form).
  await expect(page.getByTestId('findings')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('aria-busy', 'false');
  await page.getByTestId('signin-again').locator('summary').click();
  const form = page.getByTestId('directory-signin');
  await form.getByLabel('Account (user@domain)').fill(USER);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  // Both fields in the middle of the view, clear of the header and of the footer band the capture adds.
  await form.getByLabel('Account (user@domain)').evaluate((el) => el.scrollIntoView({ block: 'center' }));

  // By keyboard, as a tech would reach the header's button: Playwright's click would first scroll
  // the sticky header's button "into view", moving the page away from the form.
  await page.getByTestId('screenshot-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('screenshot-case')).toBeFocused();
  await page.keyboard.type('CASE-2026-19');
  await expect(page.getByTestId('screenshot-names')).toBeChecked();
  await page.getByTestId('screenshot-save').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('screenshot-status')).toHaveText(
    /^Screenshot saved as dirsync-doctor-CASE-2026-19-\d{8}-\d{6}\.png and copied to the clipboard \(2 sensitive fields hidden\)\.$/,
  );
  // The blocks and the footer are gone again, and the form keeps what was typed.
  await expect(page.getByTestId('capture-layer')).toHaveCount(0);
  await expect(form.getByLabel('Password', { exact: true })).toHaveValue(PASSWORD);
  await expect(page.getByTestId('screenshot-button')).toBeFocused();

  const saved = filesUnder(saveDir);
  expect(saved).toHaveLength(1);
  const bytes = fs.readFileSync(saved[0]!);
  expect(Buffer.from(clipboard[0]!)).toEqual(bytes);
  const png = readPng(bytes);

  // Every pixel over each field is the mask's one colour (the inputs did not move: the panel closed before the capture).
  expect(fieldBoxes).toHaveLength(1);
  for (const box of fieldBoxes[0]!) {
    if (!box || box.y < 0 || box.y + box.height > png.height) throw new Error(`field not on screen at capture: ${JSON.stringify(box)}`);
    const seen = new Set<string>();
    for (let y = Math.ceil(box.y); y < Math.floor(box.y + box.height); y++) {
      for (let x = Math.ceil(box.x); x < Math.floor(box.x + box.width); x++) seen.add(png.rgb(x, y).join(','));
    }
    expect([...seen]).toEqual(['32,33,36']);
  }
  // The footer band across the bottom.
  expect(png.rgb(2, png.height - 2)).toEqual([32, 33, 36]);
  expect(png.rgb(png.width - 3, png.height - 2)).toEqual([32, 33, 36]);

  for (const file of [...saved, ...filesUnder(dataDir)]) {
    const content = fs.readFileSync(file);
    expect(containsAnyForm(content, PASSWORD), `${file} holds the password`).toBe(false);
    expect(containsAnyForm(content, USER), `${file} holds the user name`).toBe(false);
  }
});

test('the screenshot button is on every screen, and a bad case id is refused in words', async ({ app: page }) => {
  await expect(page.getByTestId('screenshot-button')).toBeVisible();
  await page.getByTestId('screenshot-button').click();
  await page.getByTestId('screenshot-case').fill('no spaces please');
  await page.getByTestId('screenshot-save').click();
  await expect(page.getByRole('alert')).toContainText('Case id: use letters, digits, - and _ only.');
  await expect(page.getByTestId('screenshot-case')).toBeFocused();
  await page.keyboard.press('Escape');
  for (const route of ['#/workbench', '#/audit']) {
    await page.goto(`${new URL(page.url()).origin}/${route}`);
    await expect(page.getByTestId('screenshot-button')).toBeVisible();
  }
  await page.goto(`${new URL(page.url()).origin}/`);
  await page.getByTestId('start-kb2882421').click();
  await expect(page.getByTestId('wizard')).toBeVisible();
  await expect(page.getByTestId('screenshot-button')).toBeVisible();
});
