// The app:// scheme registration and the handler it installs, against a mocked protocol module.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { fakeElectron, resetFakeElectron } from '../../tests/doubles/fake-electron';
import { registerAppScheme, serveAppFiles } from './protocol';

vi.mock('electron', async () => (await import('../../tests/doubles/fake-electron')).fakeElectron);

let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'dsd-protocol-'));
  await mkdir(path.join(base, 'renderer'));
  await writeFile(path.join(base, 'renderer', 'index.html'), '<!doctype html><title>DirSync Doctor</title>');
  await writeFile(path.join(base, 'package.json'), '{"secret":"outside the renderer dir"}');
});
afterAll(() => rm(base, { recursive: true, force: true }));
beforeEach(() => resetFakeElectron());

describe('registerAppScheme', () => {
  it('registers app:// as a standard, secure scheme without CSP bypass or service workers', () => {
    registerAppScheme();
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    const [schemes] = fakeElectron.protocol.registerSchemesAsPrivileged.mock.calls[0] as [Array<{ scheme: string; privileges: Record<string, boolean> }>];
    expect(schemes).toHaveLength(1);
    expect(schemes[0]?.scheme).toBe('app');
    expect(schemes[0]?.privileges).toMatchObject({ standard: true, secure: true });
    expect(schemes[0]?.privileges.bypassCSP).not.toBe(true);
    expect(schemes[0]?.privileges.allowServiceWorkers).not.toBe(true);
  });
});

describe('serveAppFiles', () => {
  const request = (url: string) => {
    const handler = fakeElectron.protocol.handlers.get('app');
    if (!handler) throw new Error('no app:// handler registered');
    return handler(new Request(url));
  };

  it('serves the renderer files with the CSP header', async () => {
    serveAppFiles(path.join(base, 'renderer'));
    const response = await request('app://dirsync/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('DirSync Doctor');
  });

  it('refuses ../ out of the renderer directory, with the CSP header on the refusal too', async () => {
    serveAppFiles(path.join(base, 'renderer'));
    for (const url of ['app://dirsync/..%2Fpackage.json', 'app://dirsync/%2e%2e/package.json', 'app://dirsync/../package.json']) {
      const response = await request(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text()).not.toContain('secret');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});
