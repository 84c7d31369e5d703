// The actions of the DirSync upgrade playbooks. Each checks its arguments again, does one thing
// through the ports, and reports what happened in words and evidence; the step's own check runs
// afterwards as the proof.
import { z } from 'zod';
import { RegistryView, ServiceName } from '../../shared/domain/host';
import { reportsRemoval, UNINSTALL_OUTCOME_WORDS } from '../../shared/domain/uninstall';
import type { Evidence } from '../../shared/playbooks/types';
import { UpgradePath, PATH_WORDS } from '../../shared/playbooks/upgrade/facts';
import { writeGapSnapshot } from '../gap/gap-snapshot';
import { DirectoryError, HostError } from '../ports/errors';
import type { PortContext } from '../probes/context';
import type { ActionResult } from './types';

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
const failed = (e: unknown): ActionResult => {
  if (e instanceof HostError || e instanceof DirectoryError) return { ok: false, summary: e.message, evidence: [ev('Error', e.message)], errorCode: e.code };
  throw e;
};

function recordsOf(ctx: PortContext) {
  if (!ctx.records) throw new HostError('bad-input', 'This session keeps no upgrade records.');
  return ctx.records;
}

export const ChoosePathArgs = z.object({ path: UpgradePath }).strict();
export async function choosePath(ctx: PortContext, args: z.infer<typeof ChoosePathArgs>): Promise<ActionResult> {
  const r = recordsOf(ctx).update((cur, stamp) => ({ ...cur, choice: { path: args.path, ...stamp } }));
  return {
    ok: true,
    summary: `Recorded: ${PATH_WORDS[args.path]}.`,
    evidence: [ev('Chosen', `${r.choice!.at} by ${r.choice!.by}`, 'upgrade records')],
    errorCode: null,
  };
}

export const AttestArgs = z
  .object({ key: z.enum(['new-server-no-adfs', 'new-server', 'new-computer', 'old-forced-sync', 'new-forced-sync', 'cloud-cleanup']) })
  .strict();
export async function attest(ctx: PortContext, args: z.infer<typeof AttestArgs>): Promise<ActionResult> {
  const r = recordsOf(ctx).update((cur, stamp) => ({ ...cur, attested: { ...cur.attested, [args.key]: stamp } }));
  const a = r.attested[args.key]!;
  return { ok: true, summary: 'Recorded, with the time.', evidence: [ev('Recorded', `${a.at} by ${a.by}`, 'upgrade records')], errorCode: null };
}

/** How long the wait may take: inside the apply channel's own limit. */
export const WAIT_LIMIT_MS = 240_000;
export const WaitArgs = z.object({}).strict();
export async function waitForRun(ctx: PortContext, _args: unknown, signal?: AbortSignal, pollMs = 2_000): Promise<ActionResult> {
  const started = ctx.now().getTime();
  let polls = 0;
  for (;;) {
    polls++;
    let status;
    try {
      status = await ctx.host.syncEngineStatus({ signal, timeoutMs: 20_000 });
    } catch (e) {
      // Cancelled while asking: the same answer as cancelled while sleeping.
      if (!signal?.aborted) throw e;
      const waited = Math.round((ctx.now().getTime() - started) / 1000);
      return {
        ok: false,
        summary: `Stopped waiting after ${waited} s; the run may still be in progress.`,
        evidence: [ev('Checked', `${polls - 1} time(s) over ${waited} s`, 'sync engine status')],
        errorCode: 'cancelled',
      };
    }
    const waited = Math.round((ctx.now().getTime() - started) / 1000);
    const evidence = [ev('Checked', `${polls} time(s) over ${waited} s`, 'sync engine status')];
    if (status.runInProgress !== true) {
      return {
        ok: true,
        summary: status.runInProgress === null ? 'The sync engine does not report runs; nothing to wait for.' : 'The synchronization run has ended.',
        evidence,
        errorCode: null,
      };
    }
    if (ctx.now().getTime() - started + pollMs > WAIT_LIMIT_MS) {
      return { ok: false, summary: `The run was still in progress after ${waited} s. Wait again, or come back later.`, evidence, errorCode: 'sync-busy' };
    }
    try {
      await sleep(pollMs, signal);
    } catch {
      return { ok: false, summary: `Stopped waiting after ${waited} s; the run is still in progress.`, evidence, errorCode: 'cancelled' };
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('cancelled'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new Error('cancelled'));
      },
      { once: true },
    );
  });
}

export const UninstallArgs = z
  .object({
    displayName: z.string().min(1).max(512),
    registryView: RegistryView,
    /** '' for an entry that is not Windows Installer (its UninstallString runs). */
    productCode: z.union([z.literal(''), z.string().regex(/^\{[0-9A-Fa-f-]{36}\}$/)]),
  })
  .strict();
export async function uninstallTool(ctx: PortContext, args: z.infer<typeof UninstallArgs>, signal?: AbortSignal): Promise<ActionResult> {
  let r;
  try {
    r = await ctx.host.uninstallProgram({ displayName: args.displayName, registryView: args.registryView, productCode: args.productCode || null }, { signal });
  } catch (e) {
    if (e instanceof HostError && e.code === 'uninstall-blocked') {
      return { ok: false, summary: `Not uninstalled: ${e.message}`, evidence: [ev('Refused', e.message, 'uninstall')], errorCode: e.code };
    }
    return failed(e);
  }
  if (reportsRemoval(r.outcome)) recordsOf(ctx).update((cur) => ({ ...cur, restartPending: r.rebootRequired }));
  const evidence = [
    ev('Exit code', `${r.exitCode}: ${UNINSTALL_OUTCOME_WORDS[r.outcome]}`, r.method === 'msiexec' ? 'msiexec' : "the entry's UninstallString"),
    ev('Uninstall entry', r.entryRemoved ? 'gone (read again after the uninstaller exited)' : 'still there', 'uninstall entries'),
    ev('Restart pending', r.rebootRequired ? 'yes' : 'no', "exit code and Windows' pending operations"),
    ...(r.logFile ? [ev('Windows Installer log', r.logFile, 'msiexec /l*v')] : []),
  ];
  const ok = reportsRemoval(r.outcome) && r.entryRemoved;
  const summary = ok
    ? `${r.displayName} was removed and its entry is gone${r.rebootRequired ? '; restart the server to finish' : ''}.`
    : reportsRemoval(r.outcome)
      ? `The uninstaller reported success (${r.exitCode}) but the entry is still there: check the log.`
      : `${r.displayName} was not removed: ${UNINSTALL_OUTCOME_WORDS[r.outcome]}.`;
  return { ok, summary, evidence, errorCode: ok ? null : `uninstall-${r.outcome}` };
}

export const StopServiceArgs = z.object({ service: ServiceName }).strict();
export async function stopToolService(ctx: PortContext, args: z.infer<typeof StopServiceArgs>, signal?: AbortSignal): Promise<ActionResult> {
  try {
    const s = await ctx.host.stopService(args.service, { signal, timeoutMs: 120_000 });
    return { ok: true, summary: `${s.displayName} is ${s.state}.`, evidence: [ev('State', s.state, `service ${s.name}`)], errorCode: null };
  } catch (e) {
    return failed(e);
  }
}

export const MoveAccountArgs = z.object({ dn: z.string().min(3).max(2048), parentDn: z.string().min(3).max(2048) }).strict();
export async function moveSyncAccount(ctx: PortContext, args: z.infer<typeof MoveAccountArgs>, signal?: AbortSignal): Promise<ActionResult> {
  if (!ctx.directory) return { ok: false, summary: 'No Active Directory connection.', evidence: [], errorCode: 'unavailable' };
  try {
    const dn = await ctx.directory.moveObject(args.dn, args.parentDn, { signal });
    return { ok: true, summary: `Moved to ${dn}.`, evidence: [ev('Was', args.dn, 'Active Directory'), ev('Now', dn, 'Active Directory')], errorCode: null };
  } catch (e) {
    return failed(e);
  }
}

export async function restoreSyncAccount(ctx: PortContext, args: z.infer<typeof MoveAccountArgs>, signal?: AbortSignal): Promise<ActionResult> {
  if (!ctx.directory) return { ok: false, summary: 'No Active Directory connection.', evidence: [], errorCode: 'unavailable' };
  try {
    const a = await ctx.directory.restoreDeletedAccount(args.dn, args.parentDn, { signal });
    return {
      ok: true,
      summary: `Restored as ${a.dn}.`,
      evidence: [ev('Restored', a.dn, 'Active Directory'), ev('objectGUID', a.objectGuid, 'Active Directory')],
      errorCode: null,
    };
  } catch (e) {
    return failed(e);
  }
}

export const SnapshotArgs = z.object({}).strict();
export async function takeSnapshot(ctx: PortContext, _args: unknown, signal?: AbortSignal): Promise<ActionResult> {
  if (!ctx.directory) return { ok: false, summary: 'No Active Directory connection: connect first.', evidence: [], errorCode: 'unavailable' };
  const records = recordsOf(ctx);
  try {
    const r = await writeGapSnapshot(ctx.directory, records.newSnapshotFile(), { signal, now: ctx.now });
    records.update((cur) => ({ ...cur, snapshot: { file: r.file, takenAt: r.header.takenAt, count: r.count } }));
    return {
      ok: true,
      summary: `${r.count} objects recorded.`,
      evidence: [ev('Snapshot file', r.file, null), ev('Objects', String(r.count), null)],
      errorCode: null,
    };
  } catch (e) {
    if (e instanceof Error && !(e instanceof HostError) && !(e instanceof DirectoryError)) {
      return { ok: false, summary: `No snapshot was written: ${e.message}`, evidence: [], errorCode: 'snapshot-failed' };
    }
    return failed(e);
  }
}
