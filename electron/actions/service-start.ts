// Action service.start: start a sync service and, when Windows refuses the logon (1069),
// find out why from the account's state in Active Directory.
import { z } from 'zod';
import { ServiceName } from '../../shared/domain/host';
import type { Evidence, FixOutcome } from '../../shared/playbooks/types';
import { explainLogonFailure } from '../../shared/rules/logon-failure';
import type { PortContext } from '../probes/context';
import { DirectoryError, HostError } from '../ports/errors';

export const ServiceStartArgs = z.object({ service: ServiceName }).strict();

const START_TIMEOUT_MS = 90_000;

export async function startService(ctx: PortContext, args: z.infer<typeof ServiceStartArgs>, signal?: AbortSignal): Promise<FixOutcome> {
  try {
    const info = await ctx.host.startService(args.service, { timeoutMs: START_TIMEOUT_MS, signal });
    return {
      ok: true,
      summary: `${info.displayName} started.`,
      evidence: [{ label: 'State', value: info.state, source: `service ${info.name}` }],
      errorCode: null,
    };
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    const evidence: Evidence[] = [{ label: 'Error', value: e.message, source: `start service ${args.service}` }];
    if (typeof e.details.win32 === 'number') evidence.push({ label: 'Windows error code', value: String(e.details.win32), source: null });
    let summary = e.message;
    if (e.code === 'service-logon-failed') {
      const why = await whyLogonFailed(ctx, args.service, signal);
      summary = `${e.message} ${why.summary}`;
      evidence.push(...why.evidence);
    }
    return { ok: false, summary, evidence, errorCode: e.code };
  }
}

async function whyLogonFailed(ctx: PortContext, service: string, signal?: AbortSignal): Promise<{ summary: string; evidence: Evidence[] }> {
  const [info] = await ctx.host.getServices([service], { signal });
  if (!info) return { summary: '', evidence: [] };
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
    return {
      summary: why.reason,
      evidence: [{ label: 'Why', value: why.reason, source: 'Active Directory' }, ...why.evidence],
    };
  } catch (e) {
    if (!(e instanceof DirectoryError)) throw e;
    return {
      summary: `Active Directory could not be asked about ${info.logonAccount}: ${e.message}`,
      evidence: [{ label: 'Directory error', value: e.message, source: e.code }],
    };
  }
}
