// A start refused with 1069 is explained by KB 2882421 Method 2's own checks (no second rule
// chain): the reason and its evidence rows are exactly the verdict of the Method 2 step that
// opens for it, for a domain user (from Active Directory) and for DirSync's local AAD_ account
// (from the server's own accounts, never from AD, where it does not exist).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStep } from '../../shared/playbooks/index';
import { KB2882421_ID, STEP } from '../../shared/playbooks/kb2882421-ids';
import { createAppSession } from '../app/session';
import { checkStep } from '../triage/check-step';
import { startInOrder } from './service-start';

async function ports(scenarioId: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-start-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
  return session.ports();
}

const CASES: [scenario: string, services: string[], step: string, cause: string][] = [
  ['dirsync-local-account-disabled', ['FIMSynchronizationService', 'MSOnlineSyncScheduler'], STEP.enabled, 'service-account-disabled'],
  ['dirsync-local-account-locked', ['FIMSynchronizationService'], STEP.enabled, 'service-account-locked'],
  ['dirsync-local-account-expired', ['MSOnlineSyncScheduler'], STEP.password, 'service-account-password-expired'],
  ['dirsync-local-account-stale-password', ['MSOnlineSyncScheduler'], STEP.password, 'service-account-password-mismatch'],
  ['service-account-disabled', ['ADSync'], STEP.enabled, 'service-account-disabled'],
  ['service-account-locked', ['ADSync'], STEP.enabled, 'service-account-locked'],
  ['service-account-password-expired', ['ADSync'], STEP.password, 'service-account-password-expired'],
  ['service-account-stale-password', ['ADSync'], STEP.password, 'service-account-password-mismatch'],
];

describe('a refused start is explained by the Method 2 checks themselves', () => {
  it.each(CASES)("%s: the reason is the verdict of its Method 2 step, with that verdict's own evidence", async (scenario, services, stepId, cause) => {
    const ctx = await ports(scenario);
    const report = await startInOrder(ctx, services);
    expect(report.started).toEqual([]);
    const [failed] = report.failed;
    expect(failed).toMatchObject({ code: 'service-logon-failed' });
    // The step the admin opens says the same, read after the failed start.
    const verdict = await checkStep(ctx, findStep(KB2882421_ID, stepId)!);
    expect(verdict).toMatchObject({ status: 'fail', cause });
    expect(failed!.message).toContain(verdict.summary);
    const rows = failed!.evidence.filter((e) => e.label !== 'Error' && e.label !== 'Windows error code' && e.label !== 'Why');
    expect(rows).toEqual(verdict.evidence);
    expect(failed!.evidence).toContainEqual({ label: 'Why', value: verdict.summary, source: `KB 2882421 Method 2: ${findStep(KB2882421_ID, stepId)!.title}` });
    // A local account is read on the server, never looked up in AD (where it does not exist).
    if (scenario.startsWith('dirsync-local')) expect(failed!.evidence.filter((e) => e.source?.startsWith('Active Directory'))).toEqual([]);
  });
});
