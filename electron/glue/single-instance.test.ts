import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fakeElectron, resetFakeElectron } from '../../tests/doubles/fake-electron';
import { claimSingleInstance } from './single-instance';

vi.mock('electron', async () => (await import('../../tests/doubles/fake-electron')).fakeElectron);

beforeEach(() => resetFakeElectron());

describe('claimSingleInstance', () => {
  it('quits the second instance when another one holds the lock', () => {
    fakeElectron.app.requestSingleInstanceLock.mockReturnValue(false);
    expect(claimSingleInstance(() => null)).toBe(false);
    expect(fakeElectron.app.quit).toHaveBeenCalledOnce();
    expect(fakeElectron.app.listenerCount('second-instance')).toBe(0);
  });

  it('keeps the first instance and focuses (and restores) its window when a second one starts', () => {
    const window = new FakeBrowserWindow({});
    window.minimized = true;
    expect(claimSingleInstance(() => window as never)).toBe(true);
    expect(fakeElectron.app.quit).not.toHaveBeenCalled();
    fakeElectron.app.emit('second-instance', {}, ['DirSync Doctor.exe'], 'C:\\');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });

  it('ignores a second start while the first window is not there yet', () => {
    expect(claimSingleInstance(() => null)).toBe(true);
    expect(() => fakeElectron.app.emit('second-instance', {}, [], '/')).not.toThrow();
  });
});
