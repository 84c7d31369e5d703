// The built Electron bundles: the preload is evaluated as Electron's sandbox would load it (a
// CommonJS module whose require() knows only 'electron'), and the main bundle must build.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleMain, bundlePreload, requiredModules } from '../scripts/electron-bundles.mjs';
import { CHANNELS, wireName } from '../shared/ipc/contract';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'dsd-bundles-'));
});
afterAll(() => rm(out, { recursive: true, force: true }));

function runSandboxedPreload(code: string) {
  const exposed = new Map<string, unknown>();
  const invoke = vi.fn(async () => ({ ok: true, value: null }));
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: { invoke },
  };
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name} (sandboxed preloads can only require electron)`);
  };
  const module = { exports: {} };
  // No process, Buffer or global Node objects: only what a browser context has.
  const context = vm.createContext({ require: sandboxRequire, module, exports: module.exports, console });
  new vm.Script(code, { filename: 'preload.cjs' }).runInContext(context);
  return { exposed, invoke };
}

describe('preload bundle', () => {
  it('runs in a sandbox-like context and exposes only the frozen dirsync API', async () => {
    const file = path.join(out, 'preload.cjs');
    await bundlePreload(file);
    const code = await readFile(file, 'utf8');
    expect(requiredModules(code)).toEqual(['electron']);

    const { exposed, invoke } = runSandboxedPreload(code);
    expect([...exposed.keys()]).toEqual(['dirsync']);
    const api = exposed.get('dirsync') as Record<string, (request: unknown) => Promise<unknown>>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort());
    await expect(api['app:info']?.({})).resolves.toEqual({ ok: true, value: null });
    expect(invoke).toHaveBeenCalledWith(wireName('app:info'), {});
  });

  it('requiredModules finds what a bundle would require', () => {
    expect(requiredModules('require("electron");require( "fs" );require(`node:path`)')).toEqual(['electron', 'fs', 'node:path']);
  });
});

describe('main bundle', () => {
  it('builds, leaving only electron and Node built-ins to require at run time', async () => {
    const file = path.join(out, 'main.cjs');
    await bundleMain(file);
    const { builtinModules } = await import('node:module');
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const external = requiredModules(await readFile(file, 'utf8')).filter((m) => m !== 'electron' && !builtins.has(m));
    expect(external).toEqual([]);
  }, 60_000);
});
