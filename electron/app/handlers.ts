// The main-process handlers, one per IPC channel, over the session's current ports.
// Probe → check → verdict; plan → stored plan; apply → audit start, action, re-check, audit end.
import { CHECKS } from '../../shared/playbooks/checks';
import { FIXES } from '../../shared/playbooks/fixes';
import { findPlaybook } from '../../shared/playbooks/index';
import type { ApplyOutcome, PlaybookStep, Verdict } from '../../shared/playbooks/types';
import { diagnose } from '../../shared/rules/triage';
import { describeIssues } from '../../shared/ipc/errors';
import { ACTIONS } from '../actions/index';
import type { AuditLog } from '../audit/audit-log';
import { RequestError, type Handlers } from '../ipc/dispatch';
import type { PortContext } from '../probes/context';
import { runProbe } from '../probes/index';
import { collectSnapshot } from '../triage/collect';
import type { AppInfoSource } from './app-info';
import type { PlanStore } from './plan-store';

export interface HandlerDeps extends AppInfoSource {
  ports(): PortContext;
  plans: PlanStore;
  audit: AuditLog;
  actor: string;
}

function findStepOrThrow(playbookId: string, stepId: string): PlaybookStep {
  const playbook = findPlaybook(playbookId);
  if (!playbook) throw new RequestError('not-found', `No playbook "${playbookId}".`);
  const step = playbook.steps.find((s) => s.id === stepId);
  if (!step) throw new RequestError('not-found', `Playbook "${playbookId}" has no step "${stepId}".`);
  return step;
}

async function checkStep(ctx: PortContext, step: PlaybookStep, signal?: AbortSignal): Promise<Verdict> {
  const output = await runProbe(step.probe, ctx, signal);
  const result = CHECKS[step.check].run(output);
  return { ...result, checkedAt: ctx.now().toISOString() };
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app:info': () => deps.appInfo(),
    'lab:list-scenarios': async () => deps.listScenarios(),
    'lab:load-scenario': async ({ scenarioId }) => {
      deps.plans.clear();
      await deps.loadScenario(scenarioId);
      return deps.appInfo();
    },

    'directory:connect': async (credentials) => {
      await deps.connectDirectory(credentials);
      return deps.appInfo();
    },

    'step:probe': async ({ playbookId, stepId }, signal) => checkStep(deps.ports(), findStepOrThrow(playbookId, stepId), signal),

    'step:plan': async ({ playbookId, stepId }, signal) => {
      const step = findStepOrThrow(playbookId, stepId);
      if (!step.fix) return null;
      const fix = FIXES[step.fix];
      // Plan from fresh facts, never from what the renderer last saw.
      const output = await runProbe(fix.probe, deps.ports(), signal);
      const draft = fix.plan(output);
      return draft ? deps.plans.add(draft, playbookId, stepId) : null;
    },

    'step:apply': async ({ planId }, signal): Promise<ApplyOutcome> => {
      const stored = deps.plans.take(planId);
      if (stored === 'unknown') throw new RequestError('not-found', 'That plan is unknown or was already used. Plan the fix again.');
      if (stored === 'expired') throw new RequestError('conflict', 'That plan has expired. Plan the fix again so it reflects the current state.');
      const { plan, args } = stored;
      const action = ACTIONS[plan.actionId];
      if (!action) throw new RequestError('internal', `No executor for action ${plan.actionId}.`);
      const parsedArgs = action.args.safeParse(args);
      if (!parsedArgs.success) throw new RequestError('invalid-request', `Plan arguments are invalid: ${describeIssues(parsedArgs.error)}`);

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
      let fix;
      try {
        fix = await action.run(ctx, parsedArgs.data, signal);
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

    'triage:diagnose': async (_req, signal) => diagnose(await collectSnapshot(deps.ports(), { signal })),
  };
}
