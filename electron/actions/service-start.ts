// Action services.start: start the stopped sync services in order and, when Windows refuses a
// logon (1069), find out why from the account's state: in Active Directory for a domain user, on
// the server for a local one. A start that fails is read and explained, never retried blindly.
import { z } from 'zod';
import { ServiceName } from '../../shared/domain/host';
import type { Evidence } from '../../shared/playbooks/types';
import { explainLogonFailure } from '../../shared/playbooks/logon-failure';
import type { LogonAccountProbe } from '../../shared/playbooks/probes';
import type { PortContext } from '../probes/context';
import { probeLogonAccount } from '../probes/logon-account';
import { DirectoryError, HostError } from '../ports/errors';
import { readProblem } from '../probes/read-problem';
import type { ActionResult } from './types';

export const ServicesStartArgs = z.object({ services: z.array(ServiceName).min(1).max(8) }).strict();

const START_TIMEOUT_MS = 90_000;

export interface StartReport {
  started: string[];
  failed: { service: string; message: string; code: string; evidence: Evidence[] }[];
}

/** Start each service in order; stop at the first failure (the later ones depend on the earlier). */
export async function startInOrder(ctx: PortContext, services: readonly string[], signal?: AbortSignal): Promise<StartReport> {
  const report: StartReport = { started: [], failed: [] };
  for (const name of services) {
    try {
      const info = await ctx.host.startService(name, { timeoutMs: START_TIMEOUT_MS, signal });
      report.started.push(info.displayName);
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
      const evidence: Evidence[] = [{ label: 'Error', value: e.message, source: `start service ${name}` }];
      if (typeof e.details.win32 === 'number') evidence.push({ label: 'Windows error code', value: String(e.details.win32), source: null });
      let message = e.message;
      if (e.code === 'service-logon-failed') {
        const why = await whyLogonFailed(ctx, name, signal);
        message = `${e.message} ${why.summary}`;
        evidence.push(...why.evidence);
      }
      report.failed.push({ service: name, message, code: e.code, evidence });
      break;
    }
  }
  return report;
}

export async function startServices(ctx: PortContext, args: z.infer<typeof ServicesStartArgs>, signal?: AbortSignal): Promise<ActionResult> {
  const r = await startInOrder(ctx, args.services, signal);
  const started: Evidence[] = r.started.map((s) => ({ label: 'Started', value: s, source: 'Service Control Manager' }));
  if (!r.failed.length) {
    return { ok: true, summary: `${r.started.join(' and ')} started.`, evidence: started, errorCode: null };
  }
  const f = r.failed[0]!;
  const notStarted = args.services.slice(r.started.length);
  return {
    ok: false,
    summary: f.message,
    evidence: [...started, ...f.evidence],
    errorCode: f.code,
    partial: r.started.length
      ? {
          done: r.started.map((s) => `${s} started`),
          notDone: notStarted.map((s) => `${s} not started`),
          byHand: ['Fix the cause shown, then start the remaining services in Services (services.msc).'],
        }
      : null,
  };
}

/**
 * Why the service could not log on: KB 2882421 Method 2's own checks over the logon-account probe
 * (shared/playbooks/logon-failure.ts), so the reason, its evidence and the step named are the ones
 * the admin sees when that step opens.
 */
async function whyLogonFailed(ctx: PortContext, service: string, signal?: AbortSignal): Promise<{ summary: string; evidence: Evidence[] }> {
  let probe: LogonAccountProbe;
  try {
    probe = await probeLogonAccount(ctx, signal);
  } catch (e) {
    if (!(e instanceof HostError) && !(e instanceof DirectoryError)) throw e;
    return {
      summary: `The logon account could not be read: ${readProblem(e)}`,
      evidence: [{ label: 'Read error', value: e.code, source: e instanceof HostError ? 'server' : 'Active Directory' }],
    };
  }
  const same = probe.sameAccount.find((s) => s.service.name.toLowerCase() === service.toLowerCase());
  if (!same) {
    // Method 2 checks the account the sync engine logs on as; this service uses another one.
    const [info] = await ctx.host.getServices([service], { signal });
    const account = info?.logonAccount ?? 'its logon account';
    return {
      summary: `${service} logs on as ${account}, not as the sync engine's account that KB 2882421 Method 2 checks: check that account (enabled, not locked out, password current) and the password stored on the service.`,
      evidence: [{ label: 'Logon account', value: account, source: `service ${service}` }],
    };
  }
  const why = explainLogonFailure(probe);
  const account = same.logon.account;
  if (!why) {
    return {
      summary: `KB 2882421 Method 2 finds nothing wrong with ${account} yet: open Method 2 in the app and check its steps again.`,
      evidence: [{ label: 'Logon account', value: account, source: `service ${service}` }],
    };
  }
  const where = `KB 2882421 Method 2: ${why.step.title}`;
  return { summary: why.reason, evidence: [{ label: 'Why', value: why.reason, source: where }, ...why.evidence] };
}
