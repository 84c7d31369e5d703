// Entra Connect's automatic upgrade (issue 17): Enabled and Disabled pass with the state shown,
// Suspended warns naming the reason (a listed one with its meaning and what takes it away, an
// unlisted one verbatim), other tools are not asked, and a build the version step already sends to
// a manual upgrade gets no second finding.
import { describe, expect, it } from 'vitest';
import { AUTO_UPGRADE_CHECKED, AUTO_UPGRADE_REASONS, readAutoUpgradeReason } from '../domain/auto-upgrade';
import type { AutoUpgradeStatus, SyncToolGeneration } from '../domain/host';
import { CAUSES } from '../findings/causes';
import { checkAutoUpgrade } from './checks-auto-upgrade';
import { KB2882421 } from './kb2882421';
import { STEP } from './kb2882421-ids';
import { nextActionFor, CHECK_AGAIN } from './next-actions';
import type { AutoUpgradeProbe, SyncToolProbe } from './probes';

const tool = (generation: SyncToolGeneration = 'entra-connect', support: Partial<SyncToolProbe['support']> = {}): SyncToolProbe => ({
  install: {
    generation,
    displayName: 'Microsoft Entra Connect Sync',
    version: '2.6.84.0',
    registryView: '64',
    installLocation: null,
    connectVersion: null,
    evidence: ['uninstall-entry'],
    services: [],
  },
  support: {
    status: 'supported',
    reason: '2.6.84.0 is supported until 16 September 2027.',
    source: 'version history',
    minimumVersion: null,
    deadline: null,
    ...support,
  },
  rejectEvents: [],
});
const probe = (au: Partial<AutoUpgradeStatus>, over: Partial<AutoUpgradeProbe> = {}): AutoUpgradeProbe => ({
  tool: tool(),
  autoUpgrade: { available: true, state: 'enabled', suspensionReason: null, problem: null, ...au },
  engineRunning: true,
  ...over,
});
const evidence = (r: ReturnType<typeof checkAutoUpgrade>, label: string) => r.evidence.find((e) => e.label === label)?.value;

describe('automatic upgrade', () => {
  it('passes Enabled and Disabled, showing the state; Disabled is said to be a choice', () => {
    const on = checkAutoUpgrade(probe({ state: 'enabled' }));
    expect(on.status).toBe('pass');
    expect(evidence(on, 'Automatic upgrade')).toBe('Enabled');
    const off = checkAutoUpgrade(probe({ state: 'disabled' }));
    expect(off).toMatchObject({ status: 'pass' });
    expect(off.cause).toBeUndefined();
    expect(evidence(off, 'Automatic upgrade')).toBe('Disabled');
    expect(off.summary).toMatch(/choice/);
  });

  it('warns when suspended, naming the reason, its meaning, what takes it away and the manual upgrade', () => {
    const r = checkAutoUpgrade(probe({ state: 'suspended', suspensionReason: 'UpgradeAbortedSyncExeInUse' }));
    expect(r).toMatchObject({ status: 'warn', cause: 'auto-upgrade-suspended', severity: 'warning', fixable: false });
    expect(r.summary).toContain('"UpgradeAbortedSyncExeInUse"');
    expect(r.summary).toMatch(/Synchronization Service Manager/);
    expect(r.summary).toMatch(/Close Synchronization Service Manager/);
    expect(r.summary).toMatch(/by hand with the installer from the Microsoft Entra admin center/);
    expect(evidence(r, 'Suspension reason')).toBe('UpgradeAbortedSyncExeInUse');
    expect(r.evidence.find((e) => e.label === 'What it means')?.source).toContain(`checked ${AUTO_UPGRADE_CHECKED}`);
  });

  it('aborted because the scheduler is off: its own finding, listed under the scheduler (one problem)', () => {
    const r = checkAutoUpgrade(probe({ state: 'suspended', suspensionReason: 'UpgradeAbortedSyncCycleDisabled' }));
    expect(r).toMatchObject({ status: 'warn', cause: 'auto-upgrade-suspended-scheduler-off' });
    const row = CAUSES.find((c) => c.symptoms.some((s) => s.findingIds.includes('auto-upgrade-suspended-scheduler-off')));
    expect(row?.cause.findingIds).toEqual(['scheduler-disabled']);
    expect(
      nextActionFor(
        KB2882421.steps.find((x) => x.id === STEP.autoUpgrade)!,
        r,
      )?.lab,
    ).toBe('settle-auto-upgrade');
  });

  it("reads the page's other spelling of the same reason, and a configuration reason says to expect manual upgrades", () => {
    expect(readAutoUpgradeReason('UpgradeAbortedAdSyncExeInUse').known?.id).toBe('UpgradeAbortedSyncExeInUse');
    const sql = checkAutoUpgrade(probe({ state: 'suspended', suspensionReason: 'UpgradeNotSupportedNonLocalDbInstall' }));
    expect(sql.summary).toMatch(/full SQL Server/);
    expect(sql.summary).toMatch(/expect to upgrade it by hand from now on/);
    expect(evidence(sql, 'What takes it away')).toBeUndefined();
  });

  it('shows a reason not in the list verbatim, explained by its documented prefix or not at all', () => {
    const prefixed = checkAutoUpgrade(probe({ state: 'suspended', suspensionReason: 'UpgradeNotSupportedSomethingNew' }));
    expect(prefixed.status).toBe('warn');
    expect(prefixed.summary).toContain('"UpgradeNotSupportedSomethingNew"');
    expect(prefixed.summary).toMatch(/does not name this reason; by its prefix/);
    const compound = 'UpgradeFailedRollbackSuccess-GetPasswordHashSyncStateFailed';
    const r = checkAutoUpgrade(probe({ state: 'suspended', suspensionReason: compound }));
    expect(r).toMatchObject({ status: 'warn', cause: 'auto-upgrade-suspended' });
    expect(r.summary).toContain(`"${compound}"`);
    expect(evidence(r, 'Suspension reason')).toBe(compound);
    expect(r.summary).toMatch(/Microsoft Entra Connect Upgrade/);
    // A compound value whose first part is listed is read by that part, and still shown whole.
    const listedHead = readAutoUpgradeReason('UpgradeNotSupportedLocalDbSizeExceeded-9GB');
    expect(listedHead.known?.id).toBe('UpgradeNotSupportedLocalDbSizeExceeded');
    expect(listedHead.verbatim).toBe('UpgradeNotSupportedLocalDbSizeExceeded-9GB');
  });

  it('warns with no reason at all too', () => {
    const r = checkAutoUpgrade(probe({ state: 'suspended', suspensionReason: null }));
    expect(r).toMatchObject({ status: 'warn', cause: 'auto-upgrade-suspended' });
    expect(r.summary).toMatch(/gives no reason/);
  });

  it('is no second finding when the version step already asks for the manual upgrade', () => {
    for (const support of [
      { status: 'retired' as const, reason: 'Retired.' },
      { status: 'unsupported' as const, reason: 'Recalled.' },
      { status: 'supported' as const, reason: 'Supported.', deadline: { from: '2027-04-07', summary: 'Stops.', source: 'x' } },
    ]) {
      const r = checkAutoUpgrade(
        probe({ state: 'suspended', suspensionReason: 'UpgradeNotSupportedNonLocalDbInstall' }, { tool: tool('entra-connect', support) }),
      );
      expect(r.status).toBe('not-applicable');
      expect(r.cause).toBeUndefined();
      expect(r.summary).toContain('UpgradeNotSupportedNonLocalDbInstall');
    }
  });

  it('does not apply to other tools or builds without the cmdlet; waits for a stopped service', () => {
    expect(checkAutoUpgrade(probe({ available: false, state: null }, { tool: tool('dirsync') })).status).toBe('not-applicable');
    expect(checkAutoUpgrade(probe({ available: false, state: null, problem: 'no cmdlet' })).status).toBe('not-applicable');
    expect(checkAutoUpgrade(probe({ state: null, problem: 'not running' }, { engineRunning: false }))).toMatchObject({
      status: 'unknown',
      cause: 'waits-for-earlier-step',
    });
    expect(checkAutoUpgrade(probe({ state: null, problem: 'access denied' })).summary).toMatch(/access denied/);
  });

  it('sits right after the version step, and its next action is the manual upgrade with "check again" that the lab can play', () => {
    const ids = KB2882421.steps.map((s) => s.id);
    expect(ids.indexOf(STEP.autoUpgrade)).toBe(ids.indexOf(STEP.toolSupported) + 1);
    const step = KB2882421.steps.find((s) => s.id === STEP.autoUpgrade)!;
    const next = nextActionFor(step, { status: 'warn', cause: 'auto-upgrade-suspended' })!;
    expect(next.attestLabel).toBe(CHECK_AGAIN);
    expect(next.lab).toBe('settle-auto-upgrade');
    expect(next.instructions.join(' ')).toMatch(/Microsoft Entra admin center/);
    expect(next.instructions.join(' ')).toMatch(/Set-ADSyncAutoUpgrade -AutoUpgradeState Enabled/);
    expect(nextActionFor(step, { status: 'pass' })).toBeNull();
  });

  it('every listed reason has a meaning and a documented kind', () => {
    for (const r of AUTO_UPGRADE_REASONS) {
      expect(r.meaning.length).toBeGreaterThan(10);
      if (r.explained) expect(r.id.startsWith(r.kind === 'aborted' ? 'UpgradeAborted' : 'UpgradeNotSupported')).toBe(true);
    }
  });
});
