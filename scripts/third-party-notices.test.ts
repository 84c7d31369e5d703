import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleCli } from './electron-bundles.mjs';
import { thirdPartyNotices } from './third-party-notices.mjs';

function fakePackage(root: string, name: string, pkg: Record<string, unknown>, licenceText: string | null) {
  const dir = path.join(root, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...pkg }));
  writeFileSync(path.join(dir, 'index.js'), '');
  if (licenceText !== null) writeFileSync(path.join(dir, 'LICENSE'), licenceText);
}

describe('third-party notices', () => {
  it('lists every package a bundle holds with its licence text, and refuses one without a licence', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'dsd-notices-'));
    fakePackage(root, 'good', { license: 'MIT' }, 'MIT License\nCopyright (c) Good');
    fakePackage(root, '@scope/bare', {}, null);
    const meta = { inputs: { 'node_modules/good/index.js': {}, 'node_modules/@scope/bare/index.js': {}, 'electron/main.ts': {} } };
    const r = thirdPartyNotices(root, [meta]);
    expect(r.packages.map((p) => p.name)).toEqual(['@scope/bare', 'good']);
    expect(r.text).toContain('good 1.0.0 (MIT)');
    expect(r.text).toContain('Copyright (c) Good');
    expect(r.problems).toEqual(['@scope/bare@1.0.0 names no licence in its package.json', '@scope/bare@1.0.0 has no LICENSE file']);
  });

  it('covers the packages bundled into the shipped CLI, each with a licence', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'dsd-notices-cli-'));
    const { metafile } = await bundleCli(path.join(out, 'cli.cjs'), { metafile: true });
    const r = thirdPartyNotices(path.resolve(import.meta.dirname, '..'), [metafile!]);
    expect(r.problems).toEqual([]);
    expect(r.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['ldapts', 'zod']));
  }, 60_000);
});
