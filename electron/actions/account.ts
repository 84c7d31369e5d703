// Method 2 actions on the service logon account: in Active Directory for a domain user, on the
// server for a local user. Each reports exactly what it did; a run that stops halfway says what
// was done, what was not, and how to finish by hand (offering the new password once, when one
// was set but could not be put on every service).
import { z } from 'zod';
import { ServiceName } from '../../shared/domain/host';
import { serviceAccountPasswordReset } from '../../shared/domain/password-guards';
import type { Evidence, PartialFix } from '../../shared/playbooks/types';
import type { PortContext } from '../probes/context';
import { readProblem } from '../probes/read-problem';
import { DirectoryError, HostError } from '../ports/errors';
import type { ActionResult, ActionSecret } from './types';
import { startInOrder } from './service-start';

const Dn = z.string().min(3).max(2048);
const LocalName = z
  .string()
  .min(1)
  .max(20)
  .regex(/^[^\\/"[\]:;|=,+*?<>@]+$/, 'not a local account name');
export const AccountRefArgs = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('domain'), dn: Dn }).strict(),
  z.object({ kind: z.literal('local'), name: LocalName }).strict(),
]);
const Services = z.array(ServiceName).min(1).max(8);
export const EnableArgs = z.intersection(AccountRefArgs, z.object({ services: Services }));
export const ResetArgs = EnableArgs;
export const RestoreArgs = z.object({ deletedDn: Dn, targetParentDn: Dn.nullable(), account: z.string().min(1).max(256), services: Services }).strict();

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
const failText = (e: unknown) => (e instanceof DirectoryError || e instanceof HostError ? readProblem(e) : (e as Error).message);
const errCode = (e: unknown) => (e instanceof DirectoryError || e instanceof HostError ? e.code : 'exception');

function isPortError(e: unknown): e is DirectoryError | HostError {
  return e instanceof DirectoryError || e instanceof HostError;
}

function needDirectory(ctx: PortContext) {
  if (!ctx.directory) throw new DirectoryError('unreachable', 'not connected to Active Directory');
  return ctx.directory;
}

export async function setNeverExpires(ctx: PortContext, args: z.infer<typeof AccountRefArgs>, signal?: AbortSignal): Promise<ActionResult> {
  try {
    if (args.kind === 'domain') {
      const a = await needDirectory(ctx).setPasswordNeverExpires(args.dn, true, { signal });
      return {
        ok: true,
        summary: `"Password never expires" is now set on ${a.sAMAccountName}.`,
        evidence: [ev('Password never expires', a.flags.passwordNeverExpires ? 'yes' : 'no', 'Active Directory')],
        errorCode: null,
      };
    }
    const u = await ctx.host.setLocalUser(args.name, { passwordNeverExpires: true }, { signal });
    return {
      ok: true,
      summary: `"Password never expires" is now set on the local account ${u.name}.`,
      evidence: [ev('Password never expires', u.passwordNeverExpires ? 'yes' : 'no', 'local account')],
      errorCode: null,
    };
  } catch (e) {
    if (!isPortError(e)) throw e;
    return { ok: false, summary: `Nothing was changed: ${failText(e)}`, evidence: [], errorCode: errCode(e) };
  }
}

/** Restart (stop if needed, then start) every service, in order; the report says which did not. */
async function restartAll(ctx: PortContext, services: readonly string[], signal?: AbortSignal) {
  const infos = await ctx.host.getServices(services, { signal });
  for (const s of infos) if (s.state === 'running') await ctx.host.stopService(s.name, { signal, timeoutMs: 90_000 });
  return startInOrder(ctx, services, signal);
}

function servicesResult(
  done: string[],
  report: Awaited<ReturnType<typeof startInOrder>>,
  services: readonly string[],
  byHand: string[],
  revealable: string | null,
): ActionResult {
  const evidence: Evidence[] = report.started.map((s) => ev('Started', s, 'Service Control Manager'));
  done.push(...report.started.map((s) => `${s} started`));
  if (!report.failed.length) {
    return { ok: true, summary: `${done.join('; ')}.`, evidence, errorCode: null };
  }
  const f = report.failed[0]!;
  const notDone = services.slice(report.started.length).map((s) => `${s} not started`);
  const partial: PartialFix = {
    done,
    notDone,
    byHand: [...byHand, `Start ${services.slice(report.started.length).join(' and ')} in Services (services.msc) once the cause below is fixed.`],
  };
  return { ok: false, summary: `Stopped halfway: ${f.message}`, evidence: [...evidence, ...f.evidence], errorCode: f.code, partial, revealable };
}

export async function enableAccount(ctx: PortContext, args: z.infer<typeof EnableArgs>, signal?: AbortSignal): Promise<ActionResult> {
  let name: string;
  try {
    if (args.kind === 'domain') name = (await needDirectory(ctx).enableAccount(args.dn, { signal })).sAMAccountName;
    else name = (await ctx.host.setLocalUser(args.name, { enabled: true }, { signal })).name;
  } catch (e) {
    if (!isPortError(e)) throw e;
    return { ok: false, summary: `Nothing was changed: the account could not be enabled: ${failText(e)}`, evidence: [], errorCode: errCode(e) };
  }
  const report = await restartAll(ctx, args.services, signal);
  return servicesResult([`${name} enabled`], report, args.services, [], null);
}

/**
 * End a lockout (AD: lockoutTime to 0; local: the account's lockout flag cleared), read the
 * account back to prove it, then restart the services.
 */
export async function unlockAccount(ctx: PortContext, args: z.infer<typeof EnableArgs>, signal?: AbortSignal): Promise<ActionResult> {
  let line: string;
  const evidence: Evidence[] = [];
  try {
    if (args.kind === 'domain') {
      const dir = needDirectory(ctx);
      // The value before is in the plan the admin confirmed (and the audit line written before this).
      const after = await dir.unlockAccount(args.dn, { signal });
      if (after.flags.lockedOut) {
        return {
          ok: false,
          summary: `lockoutTime of ${after.sAMAccountName} was set to 0, but Active Directory still reports it locked out.`,
          evidence: [],
          errorCode: 'still-locked',
        };
      }
      line = `${after.sAMAccountName} unlocked (lockoutTime now 0)`;
      evidence.push(ev('Locked out', 'no', 'Active Directory'), ev('lockoutTime', after.lockoutTime ?? '0', 'Active Directory'));
    } else {
      const u = await ctx.host.setLocalUser(args.name, { unlock: true }, { signal });
      if (u.lockedOut) return { ok: false, summary: `${u.name} is still locked out after the unlock.`, evidence: [], errorCode: 'still-locked' };
      line = `local account ${u.name} unlocked (locked out: yes → no)`;
      evidence.push(ev('Locked out', 'no', 'local account'));
    }
  } catch (e) {
    if (!isPortError(e)) throw e;
    return { ok: false, summary: `Nothing was changed: the account could not be unlocked: ${failText(e)}`, evidence: [], errorCode: errCode(e) };
  }
  const report = await restartAll(ctx, args.services, signal);
  const result = servicesResult([line], report, args.services, [], null);
  return { ...result, evidence: [...evidence, ...result.evidence] };
}

/**
 * Reset the password (AD or local), set it on every service that logs on with the account, start
 * them. Each service is set before any is started, so a failure leaves a clear line between done
 * and not done; the new password is offered once when some service did not get it.
 */
export async function resetPassword(
  ctx: PortContext,
  args: z.infer<typeof ResetArgs>,
  signal: AbortSignal | undefined,
  secret: ActionSecret | null,
): Promise<ActionResult> {
  if (!secret) return { ok: false, summary: 'Nothing was changed: no new password was given.', evidence: [], errorCode: 'bad-input' };
  // The same guard as the plan, read again here: a reset on a build from March 2017 or earlier
  // (or one whose build cannot be read) would make Windows destroy the engine's encryption key.
  const tool = await ctx.host.syncTool({ signal }).catch(() => null);
  const guard = serviceAccountPasswordReset(tool?.generation ?? 'entra-connect', tool ? (tool.version ?? tool.connectVersion) : null);
  if (!guard.allowed) {
    return {
      ok: false,
      summary: `Nothing was changed: ${guard.reason} ${guard.byHand.join(' ')}`.trim(),
      evidence: [ev('Why the app will not reset it', guard.reason ?? '', guard.source)],
      errorCode: 'not-supported',
    };
  }
  const password = secret.value;
  try {
    if (args.kind === 'domain') await needDirectory(ctx).resetPassword(args.dn, password, { signal });
    else await ctx.host.resetLocalUserPassword(args.name, password, { signal });
  } catch (e) {
    if (!isPortError(e)) throw e;
    return { ok: false, summary: `Nothing was changed: the password could not be reset: ${failText(e)}`, evidence: [], errorCode: errCode(e) };
  }
  const where = args.kind === 'domain' ? 'Active Directory' : 'the local account';
  const done = [`New ${secret.generated ? 'generated ' : ''}password set in ${where}`];
  for (const [i, service] of args.services.entries()) {
    try {
      await ctx.host.setServiceLogonPassword(service, password, { signal });
      done.push(`New password set on ${service}`);
    } catch (e) {
      if (!isPortError(e)) throw e;
      const rest = args.services.slice(i);
      return {
        ok: false,
        summary: `Stopped halfway: the password was changed in ${where}, but could not be set on ${service}: ${failText(e)}`,
        evidence: [],
        errorCode: errCode(e),
        partial: {
          done,
          notDone: rest.map((s) => `New password not set on ${s}; ${s} not started`),
          byHand: [`In Services (services.msc), open ${rest.join(' and ')} > Log On, type the new password (show it once below), then start the service.`],
        },
        revealable: password,
      };
    }
  }
  const report = await restartAll(ctx, args.services, signal);
  return servicesResult(done, report, args.services, [], report.failed.length ? password : null);
}

export async function restoreAccount(
  ctx: PortContext,
  args: z.infer<typeof RestoreArgs>,
  signal: AbortSignal | undefined,
  secret: ActionSecret | null,
): Promise<ActionResult> {
  if (!secret) return { ok: false, summary: 'Nothing was changed: no new password was given.', evidence: [], errorCode: 'bad-input' };
  let dn: string;
  try {
    const dir = needDirectory(ctx);
    const restored = await dir.restoreDeletedAccount(args.deletedDn, args.targetParentDn ?? undefined, { signal });
    dn = restored.dn;
    // A tombstone comes back disabled when the Recycle Bin is off: it was a working account before.
    if (restored.flags.disabled) await dir.enableAccount(dn, { signal });
  } catch (e) {
    if (!isPortError(e)) throw e;
    return { ok: false, summary: `Nothing was changed: the account could not be restored: ${failText(e)}`, evidence: [], errorCode: errCode(e) };
  }
  const after = await resetPassword(ctx, { kind: 'domain', dn, services: args.services }, signal, secret);
  const restoredLine = `${args.account} restored to ${dn}`;
  if (after.ok) return { ...after, summary: `${restoredLine}; ${after.summary}`, evidence: [ev('Restored as', dn, 'Active Directory'), ...after.evidence] };
  const partial = after.partial ?? {
    done: [],
    notDone: ['New password not set', ...args.services.map((s) => `${s} not started`)],
    byHand: ['Reset the password in Active Directory Users and Computers, set it on the sync services (Log On tab) and start them.'],
  };
  return { ...after, summary: `${restoredLine}, then: ${after.summary}`, partial: { ...partial, done: [restoredLine, ...partial.done] } };
}
