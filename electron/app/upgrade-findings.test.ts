// Every finding the home lists for the DirSync upgrade scenarios opens a step that exists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStep } from '../../shared/playbooks/index';
import type { Finding } from '../../shared/findings/finding';
import { dispatch } from '../ipc/dispatch';
import { createAppSession } from './session';

const SCENARIOS = [
  'dirsync-32bit-event-109',
  'dirsync-32bit-event-0',
  'dirsync-32bit-run-in-progress',
  'dirsync-uninstall-1618',
  'dirsync-uninstall-1603',
  'dirsync-64bit-small',
  'dirsync-64bit-large',
  'dirsync-64bit-prerequisite-missing',
  'dirsync-msol-hex-moved',
  'dirsync-account-deleted',
  'dirsync-account-moved',
  'aadsync-installed',
  'dirsync-adfs-on-server',
  'dirsync-account-unreadable',
];

/** Triage rule ids that once restated what the upgrade playbooks' steps report. */
const RESTATING_RULES = ['dirsync-deprecated', 'dirsync-32bit-unsupported', 'sync-tool-retired', 'sync-account-moved', 'sync-account-missing'];

describe('findings of the DirSync upgrade scenarios', () => {
  it.each(SCENARIOS)('%s: every finding with a fix opens a step that exists, and each problem is reported once', async (scenarioId) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-upgrade-findings-'));
    const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
    const r = await dispatch(session.handlers, 'triage:diagnose', {});
    if (!r.ok) throw new Error(r.error.message);
    const findings = r.value as Finding[];
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      if (!f.fixedBy) continue;
      expect(f.fixedBy.stepId, `${f.id} names no step`).not.toBeNull();
      expect(findStep(f.fixedBy.playbookId, f.fixedBy.stepId!), `${f.id} → ${f.fixedBy.playbookId}/${f.fixedBy.stepId}`).toBeDefined();
    }
    // Each problem once: the tool from its upgrade path (never KB 2882421 step 1 or a triage rule
    // beside it), the account and AD FS from the path's own steps, no id twice.
    const ids = findings.map((f) => f.id);
    expect(new Set(ids).size, ids.join(', ')).toBe(ids.length);
    expect(
      findings.filter((f) => f.fixedBy?.stepId === 'm1-s1-tool-supported'),
      ids.join(', '),
    ).toEqual([]);
    expect(ids.filter((id) => RESTATING_RULES.includes(id))).toEqual([]);
    // One problem, one finding: the recommended path's step, the other paths offered inside it (never a finding each).
    expect(
      findings.filter((f) => f.fixedBy?.stepId === 'path'),
      ids.join(', '),
    ).toHaveLength(1);
    expect(
      findings.filter((f) => f.title.startsWith('Alternative path')),
      ids.join(', '),
    ).toEqual([]);
    const upgradePlaybooks = new Set(findings.filter((f) => f.fixedBy && f.fixedBy.playbookId !== 'kb2882421').map((f) => f.fixedBy!.playbookId));
    expect([...upgradePlaybooks], ids.join(', ')).toHaveLength(1);
    for (const step of ['sync-account', 'prereq-no-adfs']) {
      expect(findings.filter((f) => f.fixedBy?.stepId === step).length, `${step}: ${ids.join(', ')}`).toBeLessThanOrEqual(1);
    }
    if (/account-(moved|deleted)|msol-hex-moved/.test(scenarioId)) {
      expect(
        findings.filter((f) => f.fixedBy?.stepId === 'sync-account'),
        ids.join(', '),
      ).toHaveLength(1);
    }
    await session.close();
  });
});
