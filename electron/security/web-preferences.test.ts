import { describe, expect, it } from 'vitest';
import { hardenedWebPreferences } from './web-preferences';

describe('hardenedWebPreferences', () => {
  it('isolates, sandboxes and keeps Node out of every renderer context', () => {
    const prefs = hardenedWebPreferences({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(Object.isFrozen(prefs)).toBe(true);
  });

  it('only devTools follows the caller (on in development)', () => {
    const dev = hardenedWebPreferences({ preloadPath: 'p', devTools: true });
    const packaged = hardenedWebPreferences({ preloadPath: 'p', devTools: false });
    expect({ ...dev, devTools: false }).toEqual(packaged);
    expect(dev.devTools).toBe(true);
  });
});
