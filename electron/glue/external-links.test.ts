// The opener behind both ways out (a link navigated to, shell:open-external): only what the
// allow-list passes reaches the shell, and it gets the re-serialised address, not the raw string.
import { describe, expect, it, vi } from 'vitest';
import { createExternalOpener } from './external-links';

vi.mock('electron', async () => (await import('../../tests/doubles/fake-electron')).fakeElectron);

describe('createExternalOpener', () => {
  it('opens an allowed Microsoft page and nothing else', () => {
    const shell = vi.fn(async (_href: string) => undefined);
    const open = createExternalOpener(shell);
    expect(open('https://LEARN.microsoft.com/entra/identity/hybrid/connect/tshoot-connect-connectivity')).toBe(true);
    expect(open('https://support.microsoft.com/help/2882421')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'https://learn.microsoft.com@evil.example/',
      'ms-settings:windowsupdate',
      'https://learn.microsoft.com:444/',
      'not a url',
    ]) {
      expect(open(url), url).toBe(false);
    }
    expect(shell.mock.calls.map((c) => c[0])).toEqual([
      'https://learn.microsoft.com/entra/identity/hybrid/connect/tshoot-connect-connectivity',
      'https://support.microsoft.com/help/2882421',
    ]);
  });

  it('a shell that fails (no browser) does not throw', async () => {
    const open = createExternalOpener(async () => {
      throw new Error('no handler');
    });
    expect(open('https://learn.microsoft.com/')).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
  });
});
