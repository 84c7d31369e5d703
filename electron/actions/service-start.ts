// Action services.start: start the stopped sync services in order and, when Windows refuses a
// logon (1069), find out why from the account's state: in Active Directory for a domain user, on
// the server for a local one. A start that fails is read and explained, never retried blindly.
import { z } from 'zod';
import { ServiceName } from '../../shared/domain/host';
import type { Evidence } from '../../shared/playbooks/types';
import { logonKind } from '../../shared/domain/logon';
import { accountShortName } from '../../shared/playbooks/logon-kind';
import { explainLocalLogonFailure, explainLogonFailure } from '../../shared/playbooks/logon-failure';
import type { PortContext } from '../probes/context';
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
      ? { done: r.started.map((s) => `${s} started`), notDone: notStarted.map((s) => `${s} not started`), byHand: ['Fix the cause shown, then start the remaining services in Services (services.msc).'] }
      : null,
  };
}

async function whyLogonFailed(ctx: PortContext, service: string, signal?: AbortSignal): Promise<{ summary: string; evidence: Evidence[] }> {
  const [info] = await ctx.host.getServices([service], { signal });
  if (!info) return { summary: '', evidence: [] };
  const os = await ctx.host.osFacts({ signal });
  if (logonKind(info.logonAccount, os.computerName) === 'local-user') {
    const name = accountShortName(info.logonAccount);
    try {
      const user = (await ctx.host.localUsers(name, { signal })).find((u) => u.name.toLowerCase() === name.toLowerCase()) ?? null;
      const why = explainLocalLogonFailure(info.logonAccount, user);
      return { summary: why.reason, evidence: [{ label: 'Why', value: why.reason, source: 'local account of the server' }, ...why.evidence] };
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
      return { summary: `The server's local account ${info.logonAccount} could not be read: ${readProblem(e)}`, evidence: [{ label: 'Host error', value: e.code, source: 'server' }] };
    }
  }
  if (!ctx.directory) {
    return {
      summary: `Connect to Active Directory to see why ${info.logonAccount} cannot sign in.`,
      evidence: [{ label: 'Logon account', value: info.logonAccount, source: `service ${info.name}` }],
    };
  }
  try {
    const account = await ctx.directory.findAccount(info.logonAccount, { signal });
    const deleted = account ? [] : await ctx.directory.findDeletedAccounts(info.logonAccount, { signal });
    const why = explainLogonFailure(info.logonAccount, account, deleted);
    return { summary: why.reason, evidence: [{ label: 'Why', value: why.reason, source: 'Active Directory' }, ...why.evidence] };
  } catch (e) {
    if (!(e instanceof DirectoryError)) throw e;
    return {
      summary: `Active Directory could not be asked about ${info.logonAccount}: ${readProblem(e)}`,
      evidence: [{ label: 'Directory error', value: e.code, source: 'Active Directory' }],
    };
  }
}
