// A start refused with 1069 is explained from the account where it lives: a domain user from
// Active Directory, DirSync's local AAD_ account from the server's own accounts (never from AD,
// where it does not exist).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppSession } from '../app/session';
import { startInOrder } from './service-start';

async function ports(scenarioId: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-start-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
  return session.ports();
}

describe('a refused start explains the logon account', () => {
  it('a disabled local AAD_ account: said to be disabled on this server, with its local facts', async () => {
    const report = await startInOrder(await ports('dirsync-local-account-disabled'), ['FIMSynchronizationService', 'MSOnlineSyncScheduler']);
    expect(report.started).toEqual([]);
    const [failed] = report.failed;
    expect(failed).toMatchObject({ service: 'FIMSynchronizationService', code: 'service-logon-failed' });
    expect(failed!.message).toMatch(/error 1069\)\. The local account DIRSYNC01\\AAD_1f2e3d4c5b6a is disabled on this server\./);
    expect(failed!.evidence).toContainEqual({ label: 'Disabled', value: 'yes', source: 'local account of the server' });
    expect(JSON.stringify(failed)).not.toMatch(/Active Directory/);
  });

  it('a local password changed on the account only, and an expired one, are told apart', async () => {
    const stale = await startInOrder(await ports('dirsync-local-account-stale-password'), ['MSOnlineSyncScheduler']);
    expect(stale.failed[0]!.message).toMatch(/is enabled and its password is current, so the password stored on the service no longer matches it/);
    const expired = await startInOrder(await ports('dirsync-local-account-expired'), ['MSOnlineSyncScheduler']);
    expect(expired.failed[0]!.message).toMatch(/The password of the local account DIRSYNC01\\AAD_1f2e3d4c5b6a has expired\./);
  });

  it('a domain account is still explained from Active Directory', async () => {
    const report = await startInOrder(await ports('service-account-disabled'), ['ADSync']);
    expect(report.failed[0]!.message).toMatch(/LAB\\svc-adsync is disabled in Active Directory/);
  });
});
