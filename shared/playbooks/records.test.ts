// Records are records: a pass that rests on what the admin recorded (a chosen path, a step done on
// another computer) is settled as "recorded", never as "verified" (fixed and checked); the upgrade
// checks mark exactly those passes, and every step whose fix only records says so on its button.
import { describe, expect, it } from 'vitest';
import { IDLE, isSettled, stepTransition, type StepEvent } from './engine';
import { fromSavedProgress, toSavedProgress } from './progress';
import type { ApplyOutcome, PlannedChange, Verdict } from './types';
import { UPGRADE_PLAYBOOKS } from './upgrade/playbooks';
import { UPGRADE_CHECKS, PATH_CHECKS } from './upgrade/checks';
import { computeScope, EMPTY_RECORDS, type UpgradeProbe } from './upgrade/facts';

const at = '2026-12-06T18:12:50.000Z';
const by = 'LAB\\admin';
const verdict = (status: Verdict['status'], recorded?: Verdict['recorded']): Verdict => ({
  status,
  summary: status,
  evidence: [],
  checkedAt: at,
  ...(recorded ? { recorded } : {}),
});
const plan: PlannedChange = {
  planId: 'abcdef0123456789',
  playbookId: 'dirsync-in-place-upgrade',
  stepId: 'path',
  actionId: 'upgrade.choose-path',
  title: 'Choose',
  changes: [{ target: 'Upgrade path for DIRSYNC01', property: 'chosen path', from: 'none', to: 'In-place upgrade on this server' }],
  destructive: false,
  reversible: true,
  expiresAt: '2026-12-06T18:22:50.000Z',
};
const applied = (recheck: Verdict): ApplyOutcome => ({ fix: { ok: true, summary: 'Recorded.', evidence: [], errorCode: null }, recheck });
const run = (events: StepEvent[]) => events.reduce(stepTransition, IDLE);
const upToConfirm: StepEvent[] = [
  { type: 'probe' },
  { type: 'probed', verdict: verdict('fail') },
  { type: 'plan' },
  { type: 'planned', plan },
  { type: 'confirm' },
];

describe('the step engine on a record', () => {
  it('a recorded choice is "recorded" after the fix, not "verified"; a re-check of facts stays "verified"', () => {
    const recorded = run([...upToConfirm, { type: 'applied', outcome: applied(verdict('pass', { by, at })) }]);
    expect(recorded.phase).toBe('recorded');
    expect(isSettled(recorded)).toBe(true);
    expect(run([...upToConfirm, { type: 'applied', outcome: applied(verdict('pass')) }]).phase).toBe('verified');
  });

  it('checked again later, a record is still a record (and can be checked again)', () => {
    const r = run([{ type: 'probe' }, { type: 'probed', verdict: verdict('pass', { by, at }) }]);
    expect(r.phase).toBe('recorded');
    expect(stepTransition(r, { type: 'probe' }).phase).toBe('probing');
    expect(stepTransition(r, { type: 'plan' })).toBe(r); // nothing to fix on a record
  });

  it('saved and restored, a record keeps who and when', () => {
    const r = run([...upToConfirm, { type: 'applied', outcome: applied(verdict('pass', { by, at })) }]);
    const saved = toSavedProgress('dirsync-in-place-upgrade', 'path', { path: r }, new Date(at));
    expect(fromSavedProgress(saved, ['path']).path).toMatchObject({ phase: 'recorded', verdict: { recorded: { by, at } } });
  });
});

const probe = (records: UpgradeProbe['records']): UpgradeProbe => {
  const tool = {
    generation: 'dirsync' as const,
    label: 'DirSync',
    displayName: 'Windows Azure Active Directory Sync tool',
    version: '1.0.7020.0',
    bitness: '64' as const,
    registryView: '64' as const,
    productCode: null,
    uninstallString: null,
    windowsInstaller: true,
  };
  const objects = { users: 10, groups: 0, contacts: 0, total: 10, source: 'directory' as const };
  return {
    scope: computeScope(tool, objects, records, false),
    computerName: 'DIRSYNC01',
    tool,
    rejectEvents: [],
    os: { caption: 'Windows Server 2019', version: '10.0.17763', is64Bit: true, isServer: true },
    dotNetRelease: 528040,
    tls: null,
    adfs: false,
    runInProgress: false,
    lastRun: null,
    toolService: null,
    objects,
    objectsProblem: null,
    records,
  };
};

describe('the upgrade checks mark the passes that rest on a record', () => {
  it('a chosen path and an attested step pass as records, with who and when', () => {
    const records = { ...EMPTY_RECORDS, choice: { path: 'in-place' as const, at, by }, attested: { 'new-server': { at, by } } };
    expect(PATH_CHECKS['in-place'](probe(records))).toMatchObject({ status: 'pass', recorded: { by, at } });
    expect(UPGRADE_CHECKS['upgrade-attest-new-server'](probe(records))).toMatchObject({ status: 'pass', recorded: { by, at } });
    // A check of facts carries no record.
    expect(UPGRADE_CHECKS['upgrade-no-adfs'](probe(records)).recorded).toBeUndefined();
    expect(UPGRADE_CHECKS['upgrade-attest-new-server'](probe(EMPTY_RECORDS))).toMatchObject({ status: 'fail' });
    expect(UPGRADE_CHECKS['upgrade-attest-new-server'](probe(EMPTY_RECORDS)).recorded).toBeUndefined();
  });

  it('every step whose fix only records has a button that says so, never "Fix"', () => {
    const recordFixes = /^(upgrade-choose-|upgrade-attest-|record-)/;
    for (const playbook of UPGRADE_PLAYBOOKS) {
      for (const step of playbook.steps) {
        const records = !!step.fix && recordFixes.test(step.fix);
        expect(!!step.recordLabel, `${playbook.id}/${step.id}`).toBe(records);
        if (step.recordLabel) expect(step.recordLabel).not.toMatch(/fix/i);
      }
    }
  });

  it('the path step of each path offers the other two, each an existing path step', () => {
    for (const playbook of UPGRADE_PLAYBOOKS) {
      const offers = playbook.steps.find((s) => s.id === 'path')?.offers ?? [];
      expect(offers.map((o) => o.playbookId).sort()).toEqual(
        UPGRADE_PLAYBOOKS.filter((p) => p !== playbook)
          .map((p) => p.id)
          .sort(),
      );
      for (const o of offers) expect(UPGRADE_PLAYBOOKS.find((p) => p.id === o.playbookId)?.steps.some((s) => s.id === o.stepId)).toBe(true);
    }
  });
});
