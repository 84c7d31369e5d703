// Gathers the triage snapshot: every probe at once, each under its own timeout, so one slow
// or hung source costs its own finding and never the whole diagnosis.
import { DIRSYNC_DIRECTORY_ACCOUNT, MSOL_ACCOUNT_NAME, type Probed, type SyncAccountFacts, type TriageSnapshot } from '../../shared/rules/triage';
import { ALL_SYNC_SERVICE_NAMES, detectSyncTool } from '../../shared/rules/sync-tool';
import type { DirectoryPort } from '../ports/directory-port';
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
  const programs = probe(t, sig, (o) => host.installedPrograms(o));
  const syncAccount = (async (): Promise<Probed<SyncAccountFacts | null>> => {
    const [prog, svc, facts] = await Promise.all([programs, services, os]);
    if (!prog.ok) return { ok: false, error: `needs the installed programs, which failed: ${prog.error}`, timedOut: prog.timedOut };
    const tool = detectSyncTool(prog.value, svc.ok ? svc.value : [], facts.ok ? facts.value : null);
    if (tool.generation !== 'dirsync' && tool.generation !== 'entra-connect') return { ok: true, value: null };
    if (!directory) return { ok: false, error: "No Active Directory connection: the sync tool's directory account was not checked.", timedOut: false };
    return probe(t, sig, async (o) => {
      const usersDn = `CN=Users,${(await directory.info(o)).baseDn}`;
      if (tool.generation === 'entra-connect') {
        // Connect: the AD connector says which account it uses (forest-login-user); it may live anywhere.
        const users = (await host.connectorAccounts(o)).ad.map((a) => a.user).filter((u): u is string => !!u);
        const name = users[0];
        if (!name) return null;
        const account = await directory.findAccount(name, o);
        if (account) return { sAMAccountName: account.sAMAccountName, expectedParentDn: account.parentDn, dn: account.dn, currentParentDn: account.parentDn, moved: false, deleted: [] };
        return { sAMAccountName: name, expectedParentDn: usersDn, dn: null, currentParentDn: null, moved: false, deleted: await directory.findDeletedAccounts(name, o) };
      }
      // DirSync: MSOL_AD_SYNC (early builds) or MSOL_<12 hex> (later), which must stay in CN=Users.
      const found = await findMsolAccount(directory, o);
      if (!found) {
        const deleted = await directory.findDeletedAccounts(DIRSYNC_DIRECTORY_ACCOUNT, o);
        return { sAMAccountName: DIRSYNC_DIRECTORY_ACCOUNT, expectedParentDn: usersDn, dn: null, currentParentDn: null, moved: false, deleted };
      }
      const placement = await directory.accountPlacement(found.dn, usersDn, o);
      return { sAMAccountName: found.sam, expectedParentDn: usersDn, dn: found.dn, currentParentDn: placement.currentParentDn, moved: placement.moved, deleted: [] };
    });
  })();

  const [osR, programsR, servicesR, adfs, syncStatus, dirsyncEvents, syncAccountR] = await Promise.all([
    os,
    programs,
    services,
    probe(t, sig, (o) => host.adfsInstalled(o)),
    probe(t, sig, (o) => host.syncEngineStatus(o)),
    probe(t, sig, (o) =>
      host.queryEvents({ log: 'Application', sources: ['Directory Synchronization'], ids: [0, 109], since: new Date(now.getTime() - 7 * DAY).toISOString(), maxEvents: 20 }, o),
    ),
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
    syncAccount: syncAccountR,
  };
}

/** The DirSync directory account in the whole domain: sAMAccountName MSOL_AD_SYNC or MSOL_ and 12 hex digits. */
async function findMsolAccount(directory: DirectoryPort, o: OperationOptions): Promise<{ dn: string; sam: string } | null> {
  const early = await directory.findAccount(DIRSYNC_DIRECTORY_ACCOUNT, o);
  if (early) return { dn: early.dn, sam: early.sAMAccountName };
  // "MSOL_" contains no filter metacharacter; the trailing * is the intended wildcard.
  for await (const e of directory.search({ filter: '(&(objectClass=user)(sAMAccountName=MSOL_*))', attributes: ['sAMAccountName'] }, o)) {
    const sam = e.attributes.sAMAccountName?.[0] ?? e.attributes.samaccountname?.[0];
    if (sam && MSOL_ACCOUNT_NAME.test(sam)) return { dn: e.dn, sam };
  }
  return null;
}
