// Method 1 actions: turn the scheduler on, run a sync cycle to its end, write TLS 1.2 values,
// put back the logon account a service was installed with. (Lifting the deletion threshold is the
// admin's manual step: its cmdlets sign in to Entra ID interactively.)
import { z } from 'zod';
import { ServiceName, SyncCycleKind } from '../../shared/domain/host';
import { runResultMeaning } from '../../shared/playbooks/run-results';
import type { Evidence } from '../../shared/playbooks/types';
import type { PortContext } from '../probes/context';
import { readProblem } from '../probes/read-problem';
import { HostError } from '../ports/errors';
import type { ActionResult, ActionWait } from './types';
import { startInOrder } from './service-start';

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });

export const NoArgs = z.object({}).strict();
export const RunCycleArgs = z.object({ kind: SyncCycleKind }).strict();
export const RestoreLogonArgs = z.object({ services: z.array(ServiceName).min(1).max(8), account: z.string().min(1).max(256) }).strict();

const CYCLE_TIMEOUT_MS = 4 * 3600_000;

function hostFailure(e: unknown, what: string): ActionResult {
  if (!(e instanceof HostError)) throw e;
  return { ok: false, summary: `${what}: ${readProblem(e)} ${e.message}`, evidence: [], errorCode: e.code };
}

export async function enableScheduler(ctx: PortContext, _args: unknown, signal?: AbortSignal): Promise<ActionResult> {
  try {
    const s = await ctx.host.setSchedulerEnabled(true, { signal });
    return {
      ok: s.syncCycleEnabled === true,
      summary: s.syncCycleEnabled
        ? `The scheduler is on${s.nextSyncCycleStartTime ? `; the next cycle starts at ${s.nextSyncCycleStartTime}` : ''}.`
        : 'The scheduler did not turn on.',
      evidence: [ev('Sync cycles enabled', String(s.syncCycleEnabled), 'Get-ADSyncScheduler, read back')],
      errorCode: s.syncCycleEnabled ? null : 'not-changed',
    };
  } catch (e) {
    return hostFailure(e, 'The scheduler was not changed');
  }
}

/** Opens the Connect wizard on the server's desktop; the admin enters the new cloud password there. */
export async function openConfigurationWizard(ctx: PortContext, _args: unknown, signal?: AbortSignal): Promise<ActionResult> {
  try {
    const w = await ctx.host.openConfigurationWizard({ signal });
    return {
      ok: true,
      summary:
        'The configuration wizard is open on the server. There: change the Entra ID credentials, enter the password you reset, and finish. The next export after it closes proves it: check again then.',
      evidence: [ev('Wizard', w.path, 'started on the server'), ev('Scheduler', 'suspended while the wizard is open', 'the sync engine')],
      errorCode: null,
    };
  } catch (e) {
    return hostFailure(e, 'The wizard was not opened');
  }
}

/** A cycle run to its end: each connector's result and its meaning. */
async function runCycle(ctx: PortContext, kind: z.infer<typeof SyncCycleKind>, signal?: AbortSignal, wait?: ActionWait): Promise<ActionResult> {
  // The host is given the caller's signal only: the admin's Cancel stops the waiting here, and the
  // cycle goes on in the sync engine (as it does on Windows, where the service runs it).
  const cycle = ctx.host.runSyncCycle(kind, {
    signal,
    timeoutMs: CYCLE_TIMEOUT_MS,
    onProgress: (p) =>
      wait?.update(
        p.running
          ? `the ${kind} cycle: ${p.running.profile} on ${p.running.connector} (${p.completedRuns} run${p.completedRuns === 1 ? '' : 's'} done)`
          : `the ${kind} cycle to finish (${p.completedRuns} runs done)`,
      ),
  });
  const outcome = await untilCancelled(cycle, wait?.cancelled);
  if (outcome === 'cancelled') {
    cycle.catch(() => {}); // it ends on its own; its result shows in the run history
    return {
      ok: false,
      summary: `Stopped waiting. The ${kind} cycle was not stopped: it goes on in the sync engine, and its runs show on this step when they end (check again then).`,
      evidence: [],
      errorCode: 'cancelled',
    };
  }
  const evidence = outcome.runs.map((r) =>
    ev(`${r.connector}: ${r.profile}`, `${r.result}. ${runResultMeaning(r.result).meaning}`, 'run history of this cycle'),
  );
  return {
    ok: outcome.succeeded,
    summary: outcome.succeeded
      ? `The ${kind} cycle ran to its end: every connector's run succeeded.`
      : `The ${kind} cycle ended, but not every run succeeded: ${outcome.runs
          .filter((r) => runResultMeaning(r.result).outcome !== 'success')
          .map((r) => `${r.connector} ${r.profile}: ${r.result}`)
          .join('; ')}.`,
    evidence,
    errorCode: outcome.succeeded ? null : 'sync-run-failed',
  };
}

/** The promise's value, or 'cancelled' as soon as the signal aborts (the promise itself runs on). */
function untilCancelled<T>(work: Promise<T>, cancelled: AbortSignal | undefined): Promise<T | 'cancelled'> {
  if (!cancelled) return work;
  if (cancelled.aborted) return Promise.resolve('cancelled');
  return new Promise<T | 'cancelled'>((resolve, reject) => {
    const onCancel = () => resolve('cancelled');
    cancelled.addEventListener('abort', onCancel, { once: true });
    work.then(resolve, reject).finally(() => cancelled.removeEventListener('abort', onCancel));
  });
}

export async function runSyncCycle(ctx: PortContext, args: z.infer<typeof RunCycleArgs>, signal?: AbortSignal, wait?: ActionWait): Promise<ActionResult> {
  try {
    return await runCycle(ctx, args.kind, signal, wait);
  } catch (e) {
    return hostFailure(e, 'The sync cycle did not run');
  }
}

export async function enableTls12(ctx: PortContext, _args: unknown, signal?: AbortSignal): Promise<ActionResult> {
  try {
    const r = await ctx.host.enableTls12({ signal });
    return {
      ok: true,
      summary: `${r.changed.length} registry value${r.changed.length === 1 ? '' : 's'} written.${r.rebootRequired ? ' Restart the server for them to take effect.' : ''}`,
      evidence: r.changed.map((c) => ev('Written', c, 'registry')),
      errorCode: null,
    };
  } catch (e) {
    return hostFailure(e, 'Nothing was written');
  }
}

export async function restoreOriginalLogon(ctx: PortContext, args: z.infer<typeof RestoreLogonArgs>, signal?: AbortSignal): Promise<ActionResult> {
  const done: string[] = [];
  for (const [i, service] of args.services.entries()) {
    try {
      const info = await ctx.host.getServices([service], { signal });
      if (info[0]?.state === 'running') await ctx.host.stopService(service, { signal, timeoutMs: 90_000 });
      await ctx.host.setServiceLogon(service, args.account, undefined, { signal });
      done.push(`${service} logs on as ${args.account} again`);
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
      return {
        ok: false,
        summary: `Stopped halfway: ${service} could not be set back to ${args.account}: ${readProblem(e)}`,
        evidence: [],
        errorCode: e.code,
        partial: {
          done,
          notDone: args.services.slice(i).map((s) => `${s} not changed, not started`),
          byHand: [`In Services (services.msc), set Log On of ${args.services.slice(i).join(' and ')} to ${args.account}, then start them.`],
        },
      };
    }
  }
  const report = await startInOrder(ctx, args.services, signal);
  if (!report.failed.length)
    return {
      ok: true,
      summary: `${done.join('; ')}; ${report.started.join(' and ')} started.`,
      evidence: report.started.map((s) => ev('Started', s, 'Service Control Manager')),
      errorCode: null,
    };
  const f = report.failed[0]!;
  return {
    ok: false,
    summary: `The logon account is back, but a service did not start: ${f.message}`,
    evidence: f.evidence,
    errorCode: f.code,
    partial: {
      done,
      notDone: args.services.slice(report.started.length).map((s) => `${s} not started`),
      byHand: ['Start the remaining services in services.msc once the cause shown is fixed.'],
    },
  };
}

export const FullPasswordSyncArgs = z
  .object({
    adConnectors: z
      .array(
        z
          .string()
          .min(1)
          .max(256)
          .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20), 'no control characters'),
      )
      .min(1)
      .max(16),
  })
  .strict();

/** A full password sync per AD connector (no password changes; every hash is sent again). The re-check reads the heartbeat. */
export async function startFullPasswordSync(ctx: PortContext, args: z.infer<typeof FullPasswordSyncArgs>, signal?: AbortSignal): Promise<ActionResult> {
  const started: string[] = [];
  try {
    for (const c of args.adConnectors) {
      await ctx.host.startFullPasswordSync(c, { signal });
      started.push(c);
    }
    return {
      ok: true,
      summary: `A full password sync was started for ${started.join(', ')}. Each connector logs a heartbeat (event 654) once its passwords are sent: the check that follows reads it.`,
      evidence: started.map((c) => ev(`Full password sync: ${c}`, 'started', 'Set-ADSyncAADPasswordSyncConfiguration (off and on) with ForceFullPasswordSync')),
      errorCode: null,
    };
  } catch (e) {
    const r = hostFailure(e, started.length ? `A full password sync was started for ${started.join(', ')} only` : 'No full password sync was started');
    return r;
  }
}
