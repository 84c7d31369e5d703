// Every finding the home lists for the DirSync upgrade scenarios opens a step that exists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStep } from '../../shared/playbooks/index';
import type { Finding } from '../../shared/rules/finding';
import { dispatch } from '../ipc/dispatch';
import { createAppSession } from './session';

const SCENARIOS = [
  'dirsync-32bit-event-109', 'dirsync-32bit-event-0', 'dirsync-32bit-run-in-progress', 'dirsync-uninstall-1618', 'dirsync-uninstall-1603',
  'dirsync-64bit-small', 'dirsync-64bit-large', 'dirsync-64bit-prerequisite-missing', 'dirsync-msol-hex-moved', 'dirsync-account-deleted',
  'dirsync-account-moved', 'aadsync-installed', 'adfs-on-sync-server',
];

describe('findings of the DirSync upgrade scenarios', () => {
  it.each(SCENARIOS)('%s: every finding with a fix opens a step that exists', async (scenarioId) => {
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
    await session.close();
  });
});
