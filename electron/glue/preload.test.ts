// The preload entry itself, with a mocked electron: what crosses the bridge, and how.
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import type { FakeElectron } from '../../tests/doubles/fake-electron';

vi.mock('electron', async () => (await import('../../tests/doubles/fake-electron')).fakeElectron);

/** The preload runs on import, so each test loads a fresh copy against the (reset) mocked module. */
async function loadPreload() {
  vi.resetModules(); // the mock registry survives this: 'electron' stays the one fake
  const fakeElectron = (await import('electron')) as unknown as FakeElectron;
  fakeElectron.contextBridge.exposeInMainWorld.mockClear();
  fakeElectron.ipcRenderer.invoke.mockReset().mockResolvedValue({ ok: true, value: [] });
  await import('../preload');
  return fakeElectron;
}

describe('preload', () => {
  it('exposes one frozen contract-derived object as window.dirsync and nothing else', async () => {
    const fakeElectron = await loadPreload();
    expect(fakeElectron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = fakeElectron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('dirsync');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    // ipcRenderer itself is never handed to the page.
    expect(Object.values(api)).not.toContain(fakeElectron.ipcRenderer);
    expect(Object.values(api)).not.toContain(fakeElectron.ipcRenderer.invoke);
  });

  it('calls go through ipcRenderer.invoke on the wire name', async () => {
    const fakeElectron = await loadPreload();
    const api = fakeElectron.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as Record<string, (r: unknown) => Promise<unknown>>;
    await expect(api['lab:list-scenarios']?.({})).resolves.toEqual({ ok: true, value: [] });
    expect(fakeElectron.ipcRenderer.invoke).toHaveBeenCalledWith('dsd:lab:list-scenarios', {});
  });
});
