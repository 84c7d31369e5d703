// The bridge's token reaches the page only through the address's fragment: the page keeps it
// (sessionStorage, so a reload still works), takes it out of the address bar, and keeps the
// app's own route; a page opened without it gets no access; npm start's launch page forwards
// the browser to the address without the token ever being on a command line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test as plain } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { launchPageHtml, startBridge } from '../dev/bridge/server';

/** What the page sees of window (the e2e tsconfig has no DOM types). */
type PageGlobals = {
  dirsync: Record<string, (request: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>>;
  sessionStorage: { getItem(key: string): string | null };
  document: { documentElement: { outerHTML: string } };
};

test('the page takes the token from the fragment, strips it, and keeps working after a reload', async ({ app, bridge }) => {
  expect(app.url()).toBe(`${bridge.origin}/`);
  expect(await app.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('dsd-bridge-token'))).toBe(bridge.token);
  expect(await app.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.outerHTML)).not.toContain(bridge.token);
  await app.reload();
  await expect(app.getByTestId('app-context')).toBeVisible();
  const info = await app.evaluate(() => (globalThis as unknown as PageGlobals).dirsync['app:info']!({}));
  expect(info.ok).toBe(true);
});

test('the app route after the token survives', async ({ page, bridge }) => {
  await page.goto(`${bridge.url}#/playbook/kb2882421`);
  await expect(page.getByTestId('app-context')).toBeVisible();
  // The token is gone from the address; the route stays (the open step is added to it).
  expect(page.url()).toMatch(new RegExp(`^${bridge.origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/#/playbook/kb2882421(/[a-z0-9-]+)?$`));
});

plain('a page opened without the token gets no access, and says how to get it', async ({ page }) => {
  const bridge = await startBridge({ scenarioId: 'healthy-entra-connect' });
  try {
    await page.goto(`${bridge.origin}/`);
    const answer = await page.evaluate(() => (globalThis as unknown as PageGlobals).dirsync['app:info']!({}));
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(answer.error?.message).toContain('open the address that npm start printed');
  } finally {
    await bridge.close();
  }
});

test("npm start's launch page forwards the browser to the app", async ({ page, bridge }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dsd-launch-'));
  try {
    const file = path.join(dir, 'open-dirsync-doctor.html');
    writeFileSync(file, launchPageHtml(bridge.url));
    await page.goto(pathToFileURL(file).href);
    await expect(page.getByTestId('app-context')).toBeVisible();
    expect(page.url()).toBe(`${bridge.origin}/`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
