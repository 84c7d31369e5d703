// The strong proof: for every shipped lab scenario, each finding is acted on the way the app
// offers it (the fix through the same plan → apply path the window uses, or for a manual step
// the lab's simulated admin action and the attestation), then the full diagnosis runs again:
// the finding is gone, or replaced by exactly the finding the action's re-check named. Root
// causes come first; a symptom offers nothing while its cause holds and must go with it. The
// scenario is practised to its end: no finding is left. And `fix <id> --yes` never exits 3 (a
// fix that must fail) for any finding of any shipped scenario.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/findings/finding';
import { findStep, PLAYBOOKS } from '../../shared/playbooks/index';
import { KB2882421_ID } from '../../shared/playbooks/kb2882421-ids';
import { nextActionFor } from '../../shared/playbooks/next-actions';
import type { ApplyOutcome, PlannedChange } from '../../shared/playbooks/types';
import { createAppSession, type AppSession } from '../app/session';
import type { LabHost } from '../lab/lab-host';
import { EXIT, runCli } from '../cli/main';
import { dispatch } from '../ipc/dispatch';
import { checkStep } from './check-step';
import { runDiagnosis } from './diagnosis';

const scenarios = fs
  .readdirSync(path.resolve('assets/scenarios'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-proof-'));
const key = (f: Finding) => `${f.id}@${f.fixedBy?.playbookId}/${f.fixedBy?.stepId}`;

interface Acted {
  finding: Finding;
  how: 'fix' | 'attest';
  title: string;
  actionId: string | null;
  outcome: ApplyOutcome;
}

/** Steps whose facts wait for an earlier step (the run history of a stopped service): what they find next is revealed, not brought. */
async function waitingSteps(session: AppSession): Promise<Set<string>> {
  const out = new Set<string>();
  for (const playbook of PLAYBOOKS) {
    for (const step of playbook.steps) {
      const v = await checkStep(session.ports(), step);
      if (v.status === 'unknown' && v.cause === 'waits-for-earlier-step') out.add(`${playbook.id}/${step.id}`);
    }
  }
  return out;
}

/** Act on one finding as the app offers it; null when its step offers nothing to do now (a symptom waiting for its cause). */
async function act(session: AppSession, f: Finding): Promise<Acted | null> {
  const ref = { playbookId: f.fixedBy!.playbookId, stepId: f.fixedBy!.stepId! };
  const planned = await dispatch(session.handlers, 'step:plan', ref);
  const plan = planned.ok ? (planned.value as PlannedChange | null) : null;
  if (plan) {
    const applied = await dispatch(
      session.handlers,
      'step:apply',
      plan.input ? { planId: plan.planId, secret: { kind: 'generate' } } : { planId: plan.planId },
    );
    if (!applied.ok) throw new Error(`${f.id}: "${plan.title}" was refused: ${applied.error.message}`);
    return { finding: f, how: 'fix', title: plan.title, actionId: plan.actionId, outcome: applied.value as ApplyOutcome };
  }
  const step = findStep(ref.playbookId, ref.stepId)!;
  const verdict = await checkStep(session.ports(), step);
  const next = nextActionFor(step, step.manual ? { status: 'fail' } : verdict);
  if (!next) return null;
  const attested = await dispatch(session.handlers, 'step:attest', ref);
  if (!attested.ok) throw new Error(`${f.id}: the attestation was refused: ${attested.error.message}`);
  return { finding: f, how: 'attest', title: next.attestLabel, actionId: null, outcome: attested.value as ApplyOutcome };
}

/** Scenarios whose point is that Windows refuses the offered action (Windows Installer's exit code): the proof ends at that refusal. */
const EXPECTED_REFUSAL: Readonly<Record<string, string>> = {
  'dirsync-uninstall-1603': 'uninstall-fatal-error',
  'dirsync-uninstall-1618': 'uninstall-another-install-running',
};

async function practise(scenario: string): Promise<{ left: Finding[]; trace: string[]; problems: string[]; refused?: string }> {
  const session = await createAppSession({ dataDir: tmp(), mode: 'lab', scenarioId: scenario, appVersion: 'proof', labTransitionMs: 1 });
  const trace: string[] = [];
  const problems: string[] = [];
  const tried = new Map<string, number>();
  try {
    for (let round = 0; round < 40; round++) {
      const before = await runDiagnosis(session.ports());
      const waiting = await waitingSteps(session);
      let acted: Acted | null = null;
      for (const f of before) {
        if ((tried.get(key(f)) ?? 0) >= 2 || !f.fixedBy?.stepId) continue;
        acted = await act(session, f);
        if (acted) {
          tried.set(key(f), (tried.get(key(f)) ?? 0) + 1);
          break;
        }
      }
      if (!acted) return { left: before, trace, problems };
      // The wizard the fix opened is where the admin works; the lab's wizard plays that and closes by itself.
      let recheck = acted.outcome.recheck;
      if (acted.actionId === 'connect.open-wizard') {
        await (session.ports().host as LabHost).wizardFinished();
        // What the step says once the wizard has closed (its own re-check ran while it was open).
        recheck = await checkStep(session.ports(), findStep(acted.finding.fixedBy!.playbookId, acted.finding.fixedBy!.stepId!)!);
      }
      const after = await runDiagnosis(session.ports());
      const { finding, outcome } = acted;
      trace.push(
        `${finding.id} → ${acted.how} "${acted.title}": ${outcome.fix.ok ? 'ok' : `FAILED ${outcome.fix.errorCode}`}; re-check ${outcome.recheck?.status ?? 'none'}${outcome.recheck?.cause ? ` (${outcome.recheck.cause})` : ''}`,
      );
      if (!outcome.fix.ok && EXPECTED_REFUSAL[scenario] === outcome.fix.errorCode) {
        // The scenario is about this refusal: it is reported with its code, and nothing else changed.
        if (after.map(key).join() !== before.map(key).join()) problems.push(`${finding.id}: the refused ${acted.how} changed the findings`);
        return { left: [], trace, problems, refused: outcome.fix.errorCode };
      }
      if (!outcome.fix.ok) problems.push(`${finding.id}: the offered ${acted.how} "${acted.title}" failed: ${outcome.fix.summary}`);
      const beforeKeys = new Set(before.map(key));
      const stillThere = after.some((x) => key(x) === key(finding));
      // What the action's re-check named: its own verdict, when it fails with a new cause on the same step.
      const named = recheck?.cause && recheck.cause !== finding.id ? recheck.cause : null;
      const fresh = after.filter((x) => !beforeKeys.has(key(x)));
      if (stillThere) problems.push(`${finding.id}: still reported after "${acted.title}" (${after.find((x) => key(x) === key(finding))!.title})`);
      for (const x of fresh) {
        const sameStep = x.fixedBy?.playbookId === finding.fixedBy?.playbookId && x.fixedBy?.stepId === finding.fixedBy?.stepId;
        // An upgrade path is one finding that names its next step ("Next: …"): its next stage replaces it.
        const nextStage = finding.fixedBy?.playbookId !== KB2882421_ID && x.fixedBy?.playbookId === finding.fixedBy?.playbookId;
        const revealed = waiting.has(`${x.fixedBy?.playbookId}/${x.fixedBy?.stepId}`);
        if (!((sameStep && x.id === named) || nextStage || revealed))
          problems.push(`${finding.id}: "${acted.title}" brought a finding its re-check did not name: ${x.id} (${x.title})`);
      }
    }
    problems.push('more than 40 actions without an end');
    return { left: await runDiagnosis(session.ports()), trace, problems };
  } finally {
    await session.close();
  }
}

describe('the strong proof: every finding of every shipped scenario goes when its offered action is taken', () => {
  it.each(scenarios)(
    '%s',
    async (scenario) => {
      const { left, trace, problems, refused } = await practise(scenario);
      const story = `\n${trace.join('\n')}`;
      expect(refused ?? null, story).toBe(EXPECTED_REFUSAL[scenario] ?? null);
      expect(problems, story).toEqual([]);
      // Practised to its end: nothing is left that needs attention.
      expect(
        left.map((f) => `${f.id}: ${f.title}`),
        story,
      ).toEqual([]);
    },
    90_000,
  );
});

describe('fix <id> --yes never offers a fix that must fail', () => {
  it.each(scenarios)(
    '%s: no finding exits 3',
    async (scenario) => {
      const run = async (argv: string[]) => {
        let stdout = '';
        const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: () => {}, env: { DSD_DATA_DIR: tmp() } });
        return { code, stdout };
      };
      const diagnosed = JSON.parse((await run(['diagnose', '--lab', scenario, '--format', 'json'])).stdout) as { findings: Finding[] };
      const failed: string[] = [];
      for (const f of diagnosed.findings) {
        const r = await run(['fix', f.id, '--yes', '--lab', scenario, '--format', 'json']);
        if (r.code === EXIT.failed) failed.push(`${f.id}: ${r.stdout.slice(0, 300)}`);
      }
      expect(failed).toEqual([]);
    },
    90_000,
  );
});
