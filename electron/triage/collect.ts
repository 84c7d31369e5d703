// Gathers the triage snapshot: every probe at once, each under its own timeout, so one slow
// or hung source costs its own finding and never the whole diagnosis.
import {
  DIRSYNC_DIRECTORY_ACCOUNT,
  isDomainLogonAccount,
  type LogonAccountFacts,
  type Probed,
  type SyncAccountFacts,
  type TriageSnapshot,
} from '../../shared/rules/triage';
import { ALL_SYNC_SERVICE_NAMES, detectSyncTool } from '../../shared/rules/sync-tool';
import { LOGON_FAILURE_EVENT_IDS } from '../probes/sync-service';
import type { PortContext } from '../probes/context';
import type { OperationOptions } from '../ports/host-port';

export interface CollectOptions {
  /** Per-probe time limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DAY = 24 * 3600_000;

class ProbeTimeout extends Error {}

/** Run one probe with its own deadline and abort signal; failures become data. */
async function probe<T>(timeoutMs: number, outer: AbortSignal | undefined, fn: (opts: OperationOptions) => Promise<T>): Promise<Probed<T>> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProbeTimeout(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const value = await Promise.race([fn({ signal: controller.signal, timeoutMs }), deadline]);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), timedOut: e instanceof ProbeTimeout };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

export async function collectSnapshot(ctx: PortContext, options: CollectOptions = {}): Promise<TriageSnapshot> {
  const t = options.timeoutMs ?? 10_000;
  const sig = options.signal;
  const now = ctx.now();
  const { host, directory } = ctx;

  const os = probe(t, sig, (o) => host.osFacts(o));
  const services = probe(t, sig, (o) => host.getServices(ALL_SYNC_SERVICE_NAMES, o));
  const logonAccounts = (async (): Promise<Probed<LogonAccountFacts[]>> => {
    if (!directory) return { ok: false, error: 'No Active Directory connection: the service accounts were not checked.', timedOut: false };
    const [svc, facts] = await Promise.all([services, os]);
    if (!svc.ok) return { ok: false, error: `needs the services list, which failed: ${svc.error}`, timedOut: svc.timedOut };
    const computer = facts.ok ? facts.value.computerName : null;
    const domainLogons = svc.value.filter((s) => isDomainLogonAccount(s.logonAccount, computer));
    return probe(t, sig, (o) =>
      Promise.all(
        domainLogons.map(async (s): Promise<LogonAccountFacts> => {
          const account = await directory.findAccount(s.logonAccount, o);
          const deleted = account ? [] : await directory.findDeletedAccounts(s.logonAccount, o);
          return { service: s.name, logonAccount: s.logonAccount, account, deleted };
        }),
      ),
    );
  })();

  const programs = probe(t, sig, (o) => host.installedPrograms(o));
  const syncAccount = (async (): Promise<Probed<SyncAccountFacts | null>> => {
    const [prog, svc, facts] = await Promise.all([programs, services, os]);
    if (!prog.ok) return { ok: false, error: `needs the installed programs, which failed: ${prog.error}`, timedOut: prog.timedOut };
    const tool = detectSyncTool(prog.value, svc.ok ? svc.value : [], facts.ok ? facts.value : null);
    if (tool.generation !== 'dirsync') return { ok: true, value: null };
    if (!directory) return { ok: false, error: 'No Active Directory connection: the MSOL_AD_SYNC account was not checked.', timedOut: false };
    return probe(t, sig, async (o) => {
      const expectedParentDn = `CN=Users,${(await directory.info(o)).baseDn}`;
      const account = await directory.findAccount(DIRSYNC_DIRECTORY_ACCOUNT, o);
      if (!account) {
        const deleted = await directory.findDeletedAccounts(DIRSYNC_DIRECTORY_ACCOUNT, o);
        return { sAMAccountName: DIRSYNC_DIRECTORY_ACCOUNT, expectedParentDn, dn: null, currentParentDn: null, moved: false, deleted };
      }
      const placement = await directory.accountPlacement(account.dn, expectedParentDn, o);
      return { sAMAccountName: DIRSYNC_DIRECTORY_ACCOUNT, expectedParentDn, dn: account.dn, currentParentDn: placement.currentParentDn, moved: placement.moved, deleted: [] };
    });
  })();

  const [osR, programsR, servicesR, adfs, syncStatus, dirsyncEvents, scmEvents, logonR, syncAccountR] = await Promise.all([
    os,
    programs,
    services,
    probe(t, sig, (o) => host.adfsInstalled(o)),
    probe(t, sig, (o) => host.syncEngineStatus(o)),
    probe(t, sig, (o) =>
      host.queryEvents({ log: 'Application', sources: ['Directory Synchronization'], ids: [0, 109], since: new Date(now.getTime() - 7 * DAY).toISOString(), maxEvents: 20 }, o),
    ),
    probe(t, sig, (o) =>
      host.queryEvents({ log: 'System', sources: ['Service Control Manager'], ids: LOGON_FAILURE_EVENT_IDS, since: new Date(now.getTime() - DAY).toISOString(), maxEvents: 50 }, o),
    ),
    logonAccounts,
    syncAccount,
  ]);
  return {
    checkedAt: now.toISOString(),
    os: osR,
    programs: programsR,
    services: servicesR,
    adfs,
    syncStatus,
    dirsyncEvents,
    scmEvents,
    logonAccounts: logonR,
    syncAccount: syncAccountR,
  };
}
