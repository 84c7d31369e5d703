// Access denied from the ADSync cmdlets means the account is not in ADSyncAdmins (or was added
// after it signed in): the app says that, not "run as administrator".
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WindowsHost } from '../../electron/host/windows/windows-host';
import { refusedBySyncEngine } from '../../electron/host/windows/powershell-runner';
import { readProblem } from '../../electron/probes/read-problem';
import { HostError } from '../../electron/ports/errors';
import { nodeStandIn, testWindowsDir } from './node-stand-in';

const SCRIPT_DIR = path.resolve(import.meta.dirname, '../../assets/powershell');
const DENIED = 'Get-ADSyncScheduler : Access is denied.\r\n    + CategoryInfo          : NotSpecified: (:) [Get-ADSyncScheduler], UnauthorizedAccessException';

describe('ADSync cmdlets refusing the account', () => {
  it('is not-sync-admin, in words naming ADSyncAdmins and a new sign-in', async () => {
    const stand = nodeStandIn(`process.stderr.write(${JSON.stringify(DENIED)}, () => process.exit(1));`);
    const host = new WindowsHost({ scriptDir: SCRIPT_DIR, spawn: stand.spawn, windowsDir: testWindowsDir });
    const e = await host.scheduler({ timeoutMs: 15_000 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HostError);
    expect((e as HostError).code).toBe('not-sync-admin');
    const words = readProblem(e);
    expect(words).toMatch(/ADSyncAdmins/);
    expect(words).toMatch(/sign out and in again/);
    expect(words).toMatch(/running as administrator is not enough/);
  });

  it('only for the scripts that use the ADSync module', () => {
    expect(refusedBySyncEngine('Get-DsdConnectorRuns', DENIED)).toBe(true);
    expect(refusedBySyncEngine('Get-DsdEvents', DENIED)).toBe(false);
    expect(refusedBySyncEngine('Get-DsdScheduler', 'The term Get-ADSyncScheduler is not recognized')).toBe(false);
  });
});
