// No dead end: every finding of every lab scenario opens a step of an existing playbook, that step
// applies here (its own check fails or could not read its facts), and it either offers a fix the
// app can plan, guides manual work with a re-check, or says why the app cannot fix it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlaybook } from '../../shared/playbooks/index';
import type { PlannedChange, Verdict } from '../../shared/playbooks/types';
import type { Finding } from '../../shared/findings/finding';
import { dispatch } from '../ipc/dispatch';
import { loadScenarioDir } from '../lab/scenario';
import { resolveAssetsDir } from './assets';
import { createAppSession } from './session';

const SCENARIOS = (await loadScenarioDir(path.join(resolveAssetsDir(), 'scenarios'))).map((s) => s.id);

async function call<T>(handlers: Parameters<typeof dispatch>[0], channel: Parameters<typeof dispatch>[1], req: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, req);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

describe('every finding of every lab scenario opens its step', () => {
  it('the scenarios cover the findings that once had no step', () => {
    for (const id of ['no-sync-tool', 'dirsync-removed-events-remain', 'adfs-on-sync-server', 'connect-ad-account-moved', 'connect-ad-account-deleted'])
      expect(SCENARIOS).toContain(id);
  });

  it.each(SCENARIOS)(
    '%s',
    async (scenarioId) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-every-finding-'));
      const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
      try {
        const findings = await call<Finding[]>(session.handlers, 'triage:diagnose', {});
        for (const f of findings) {
          const where = `${scenarioId}: ${f.id}`;
          expect(f.fixedBy, `${where} links no step`).not.toBeNull();
          const playbook = findPlaybook(f.fixedBy!.playbookId);
          expect(playbook, `${where}: playbook ${f.fixedBy!.playbookId}`).toBeDefined();
          const step = playbook!.steps.find((s) => s.id === f.fixedBy!.stepId);
          expect(step, `${where}: step ${f.fixedBy!.stepId}`).toBeDefined();

          // The step, opened, applies: its check fails or says what it could not read.
          const verdict = await call<Verdict>(session.handlers, 'step:probe', { playbookId: playbook!.id, stepId: step!.id });
          expect(['fail', 'warn', 'unknown'], `${where}: the step says ${verdict.status}: ${verdict.summary}`).toContain(verdict.status);
          if (verdict.status === 'unknown') continue; // its "Retry the check" is the way on
          // ... and leads somewhere: a fix the app plans, manual work it re-checks, or the reason it cannot.
          if (step!.manual || verdict.fixable === false || verdict.route) continue;
          expect(step!.fix, `${where}: no fix, no manual work, no explanation`).not.toBeNull();
          const plan = await call<PlannedChange | null>(session.handlers, 'step:plan', { playbookId: playbook!.id, stepId: step!.id });
          expect(plan, `${where}: the step offers a fix but plans nothing`).not.toBeNull();
        }
      } finally {
        await session.close();
      }
    },
    60_000,
  ); // a scenario's findings are each opened, checked and planned again: slow on a loaded machine
});
