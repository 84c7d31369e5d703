// The main-process handlers, one per IPC channel, over the session's current ports.
// Probe → check → verdict; plan → stored plan; apply → audit start, action, re-check, audit end.
import { createReadinessHandlers } from '../readiness/handlers';
import type { Workbench } from '../readiness/workbench';
import { FIXES, planFix } from '../../shared/playbooks/fixes';
import { findPlaybook } from '../../shared/playbooks/index';
import { nextActionFor } from '../../shared/playbooks/next-actions';
import type { ApplyOutcome, FixOutcome, PlaybookStep, Verdict } from '../../shared/playbooks/types';
import { describeIssues } from '../../shared/ipc/errors';
import { ACTIONS, type ActionResult, type ActionSecret } from '../actions/index';
import type { AuditLog } from '../audit/audit-log';
import { RequestError, type Handlers } from '../ipc/dispatch';
import type { PortContext } from '../probes/context';
import { runProbe } from '../probes/index';
import { generatePassword } from '../secrets/password';
import type { Redactor } from '../secrets/redactor';
import { FOLLOWED_ACTIONS } from '../../shared/playbooks/followed-actions';
import { createRunWaits } from './run-wait';
import { gapCsv } from '../../shared/domain/gap';
import { probeGap } from '../probes/dirsync-upgrade';

/** The action whose wait the window follows and may cancel. */
/** What the window says a followed action waits on, before its first progress. */
const waitWords = (actionId: string, host: string) =>
  actionId === 'sync.run-cycle' ? `the sync cycle on ${host} to start` : `the synchronization run on ${host} to end`;
import { runDiagnosis } from '../triage/diagnosis';
import { checkStep, checkStepWithCauses } from '../triage/check-step';
import type { AppInfoSource } from './app-info';
import type { PlanStore } from './plan-store';
import type { ProgressStore } from './progress-store';
import type { RevealVault } from './reveal-vault';
import { createHomeHandlers, type ScreenshotPort } from './home-handlers';
import type { Scenario } from '../lab/scenario';
import { createCollectorHandlers, refuseOnCollectedServer } from './collector-handlers';

export interface HandlerDeps extends AppInfoSource {
  ports(): PortContext;
  plans: PlanStore;
  audit: AuditLog;
  actor: string;
  redactor: Redactor;
  reveals: RevealVault;
  progress: ProgressStore;
  workbench: Workbench;
  /** The system browser, reached only through the allow-list (shell:open-external). */
  openExternal: ((href: string) => void) | null;
  screenshot: ScreenshotPort | null;
  /** The facts file the lab shows (a collected server refuses fixes that would change it). */
  currentScenario(): Scenario | null;
  /** Open the facts-file picker and show the chosen file; false when cancelled. */
  pickFactsFile(): Promise<boolean>;
}

function findStepOrThrow(playbookId: string, stepId: string): PlaybookStep {
  const playbook = findPlaybook(playbookId);
  if (!playbook) throw new RequestError('not-found', `No playbook "${playbookId}".`);
  const step = playbook.steps.find((s) => s.id === stepId);
  if (!step) throw new RequestError('not-found', `Playbook "${playbookId}" has no step "${stepId}".`);
  return step;
}

/** Keep a password the action set but could not finish with, for one showing; never in the outcome. */
function withReveal(result: ActionResult, reveals: RevealVault): FixOutcome {
  const { revealable, ...fix } = result;
  return revealable ? { ...fix, revealId: reveals.keep(revealable) } : fix;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  // The one run wait the window may be showing (the uninstall path waits for a sync run to end).
  const runWaits = createRunWaits(() => new Date());
  return {
    'app:info': () => deps.appInfo(),
    'lab:list-scenarios': async () => deps.listScenarios(),
    'lab:load-scenario': async ({ scenarioId }) => {
      deps.plans.clear();
      await deps.loadScenario(scenarioId);
      // Loaded (or reloaded: back to its start) the server is new: no verdict of before holds.
      deps.progress.clearAll();
      return deps.appInfo();
    },

    'directory:connect': async (credentials) => {
      await deps.connectDirectory(credentials);
      // Another directory: the verdicts that read the old one no longer hold.
      deps.progress.clearAll();
      return deps.appInfo();
    },
    'directory:choose-ca-file': async ({ clear }) => deps.chooseCaFile(clear === true),

    'step:probe': async ({ playbookId, stepId }, signal) => checkStep(deps.ports(), findStepOrThrow(playbookId, stepId), signal),

    'step:plan': async ({ playbookId, stepId }, signal) => {
      const step = findStepOrThrow(playbookId, stepId);
      if (!step.fix) return null;
      const fix = FIXES[step.fix];
      // Plan from fresh facts, never from what the renderer last saw; and never on facts that
      // could not be read, or for a check that no longer fails.
      const ctx = deps.ports();
      const { verdict, held } = await checkStepWithCauses(ctx, step, signal);
      if (verdict.status === 'unknown') throw new RequestError('unavailable', `No fix is offered while the facts cannot be read: ${verdict.summary}`);
      if (verdict.status !== 'fail' && verdict.status !== 'warn') return null;
      const output = await runProbe(fix.probe, ctx, signal);
      // No plan while a cause holds that would make this fix fail (the verdict routes to it).
      const draft = planFix(step.fix, output, held);
      if (draft) refuseOnCollectedServer(deps.currentScenario(), draft.actionId);
      return draft ? deps.plans.add(draft, playbookId, stepId) : null;
    },

    'step:attest': async ({ playbookId, stepId }, signal): Promise<ApplyOutcome> => {
      const step = findStepOrThrow(playbookId, stepId);
      const ctx = deps.ports();
      // What there is to do by hand is read from fresh facts: the cause found now, or the step's own instructions.
      const before = step.manual ? null : await checkStep(ctx, step, signal);
      const next = step.manual ? nextActionFor(step, { status: 'fail' }) : nextActionFor(step, before);
      if (!next) throw new RequestError('invalid-request', `Step "${stepId}" has nothing to do by hand now.`);
      const host = (await ctx.host.osFacts({ signal })).computerName;
      // Lab mode plays the admin (never on a collected server: those are a real server's facts).
      const simulate = next.lab && ctx.host.simulateAdminAction && !deps.currentScenario()?.collected ? next.lab : null;
      const auditId = deps.audit.begin({
        actor: deps.actor,
        host,
        action: 'manual.attest',
        target: step.title,
        planned: [
          { target: step.title, property: 'done by hand', from: 'not done', to: 'done (the admin says so)' },
          ...(simulate ? [{ target: `Lab server ${host}`, property: 'simulated admin action', from: 'not done', to: simulate }] : []),
        ],
        origin: `playbook ${playbookId} / ${stepId}`,
      });
      let recheck: Verdict | null = null;
      let changed: string[] = [];
      try {
        if (simulate) changed = await ctx.host.simulateAdminAction!(simulate, { signal });
        recheck = await checkStep(ctx, step, signal);
      } finally {
        deps.audit.end(auditId, {
          result: 'succeeded',
          summary: simulate ? `The admin attested the manual step; the lab carried it out: ${changed.join(' ')}` : 'The admin attested the manual step.',
          errorCode: null,
          recheck: recheck && { status: recheck.status, summary: recheck.summary },
        });
      }
      return {
        fix: {
          ok: true,
          summary: simulate
            ? 'The lab did on its simulated server what you said you did; the check ran again.'
            : 'Recorded: you said this is done; the check ran again on the server.',
          evidence: changed.map((c) => ({ label: 'The lab did', value: c, source: 'lab server (simulated admin)' })),
          errorCode: null,
          // The admin's word, with who and when: shown as a record wherever the re-check cannot confirm it.
          recorded: { by: deps.actor, at: ctx.now().toISOString() },
        },
        recheck,
      };
    },

    'secret:reveal': async ({ revealId }) => {
      const secret = deps.reveals.take(revealId);
      if (secret === null) throw new RequestError('not-found', 'That password was already shown or has expired; it is not kept any longer.');
      return { secret };
    },

    'progress:load': async ({ playbookId }) => deps.progress.load(playbookId),
    'progress:save': async (progress) => {
      if (!findPlaybook(progress.playbookId)) throw new RequestError('not-found', `No playbook "${progress.playbookId}".`);
      try {
        deps.progress.save(progress);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // The per-machine folder of an installed app is for administrators only (its key seals the file).
        if (code === 'EACCES' || code === 'EPERM')
          throw new RequestError(
            'unavailable',
            'this account may not write the folder where progress is sealed; start the app as an administrator to keep it.',
          );
        throw e;
      }
      return { saved: true as const };
    },

    'step:apply': async ({ planId, secret: secretInput }, signal): Promise<ApplyOutcome> => {
      const stored = deps.plans.take(planId);
      if (stored === 'unknown') throw new RequestError('not-found', 'That plan is unknown or was already used. Plan the fix again.');
      if (stored === 'expired') throw new RequestError('conflict', 'That plan has expired. Plan the fix again so it reflects the current state.');
      const { plan, args } = stored;
      const action = ACTIONS[plan.actionId];
      if (!action) throw new RequestError('internal', `No executor for action ${plan.actionId}.`);
      const parsedArgs = action.args.safeParse(args);
      if (!parsedArgs.success) throw new RequestError('invalid-request', `Plan arguments are invalid: ${describeIssues(parsedArgs.error)}`);

      if (plan.input && !secretInput) throw new RequestError('invalid-request', `This fix needs ${plan.input.label}: type one or have the app generate it.`);
      let secret: ActionSecret | null = null;
      if (plan.input && secretInput) {
        // The plan's names (the account it resets) are kept out of a generated password: AD refuses those.
        const names = Object.values(parsedArgs.data as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
        const value = secretInput.kind === 'generate' ? generatePassword(32, names) : secretInput.value;
        if (value.length < plan.input.minLength)
          throw new RequestError('invalid-request', `${plan.input.label} must be at least ${plan.input.minLength} characters.`);
        // From here on no log line, audit line or error can carry it.
        deps.redactor.add(value);
        secret = { value, generated: secretInput.kind === 'generate' };
      }

      const ctx = deps.ports();
      const step = findStepOrThrow(plan.playbookId, plan.stepId);
      const host = (await ctx.host.osFacts({ signal })).computerName;
      const auditId = deps.audit.begin({
        actor: deps.actor,
        host,
        action: plan.actionId,
        target: action.target(parsedArgs.data),
        planned: plan.changes,
        origin: `playbook ${plan.playbookId} / ${plan.stepId}`,
      });
      let fix: FixOutcome;
      try {
        // Waits on the sync engine are followed live by the window and can be cancelled there.
        const wait = FOLLOWED_ACTIONS.has(plan.actionId) ? runWaits.begin(waitWords(plan.actionId, host), signal) : null;
        try {
          fix = withReveal(await action.run(ctx, parsedArgs.data, signal, secret, wait ?? undefined), deps.reveals);
        } finally {
          wait?.end();
        }
      } catch (e) {
        deps.audit.end(auditId, { result: 'failed', summary: e instanceof Error ? e.message : String(e), errorCode: 'exception', recheck: null });
        throw e;
      }
      // The re-check runs the step's own probe and check: proof, not the action's word.
      let recheck: Verdict | null = null;
      try {
        recheck = await checkStep(ctx, step, signal);
      } finally {
        deps.audit.end(auditId, {
          result: fix.ok ? 'succeeded' : 'failed',
          summary: fix.summary,
          errorCode: fix.errorCode,
          recheck: recheck && { status: recheck.status, summary: recheck.summary },
        });
      }
      return { fix, recheck };
    },

    'gap:export-csv': async (_req, signal) => {
      const gap = await probeGap(deps.ports(), signal);
      if (!gap.snapshot) throw new RequestError('conflict', 'No snapshot of the objects in sync scope was taken yet: take it on the snapshot step first.');
      if (gap.deleted === null) throw new RequestError('conflict', gap.problem ?? 'Connect to Active Directory to list the deletions.');
      return { csv: gapCsv(gap.deleted), rows: gap.deleted.length };
    },
    'step:wait-status': async () => runWaits.status(),
    'step:wait-cancel': async () => ({ cancelled: runWaits.cancel() }),
    'triage:diagnose': async (_req, signal) => runDiagnosis(deps.ports(), signal),
    ...createCollectorHandlers({ ...deps, findStep: findStepOrThrow }),
    ...createReadinessHandlers(() => deps.workbench),
    ...createHomeHandlers(deps),
  };
}
