// Probes of the DirSync upgrade playbooks: the server's side (tool, events, prerequisites, run
// state, records), the tool's directory account, and the deletion gap.
import {
  computeScope,
  EMPTY_RECORDS,
  serverCannotRunConnect,
  SYNC_ACCOUNT_NAME,
  type UpgradeScope,
  type GapProbe,
  type ObjectCount,
  type SyncAccountFacts,
  type SyncAccountProbe,
  type UpgradeProbe,
} from '../../shared/playbooks/upgrade/facts';
import { syncEngineService } from '../../shared/domain/sync-tools';
import { dnEquals, escapeFilterValue, fileTimeToIso, generalizedTimeToIso, parentDn } from '../../shared/ldap';
import { ALL_SYNC_SERVICE_NAMES, detectSyncTool } from '../../shared/domain/sync-tool-detection';
import { countSyncScope } from '../directory/sync-scope';
import { listDeletedSince, readGapSnapshot } from '../gap/deleted-since';
import type { DirectoryPort } from '../ports/directory-port';
import type { PortContext } from './context';

const DAY = 24 * 3600_000;
/** Events 0 and 109 are generic; only this text says the service rejects the tool (NOTES-windows §7). */
export const REJECTED_TEXT = /no longer supported/i;
const COUNT_CACHE_MS = 5 * 60_000;
const counted = new WeakMap<DirectoryPort, { at: number; count: ObjectCount }>();

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function objectCount(ctx: PortContext, signal?: AbortSignal): Promise<{ objects: ObjectCount | null; problem: string | null }> {
  const declared = (ctx.host as { declaredSyncScopeObjects?: () => number | null }).declaredSyncScopeObjects?.();
  if (typeof declared === 'number') return { objects: { users: declared, groups: 0, contacts: 0, total: declared, source: 'lab-scenario' }, problem: null };
  const dir = ctx.directory;
  if (!dir) return { objects: null, problem: 'Not counted: no Active Directory connection.' };
  const cached = counted.get(dir);
  if (cached && ctx.now().getTime() - cached.at < COUNT_CACHE_MS) return { objects: cached.count, problem: null };
  try {
    const c = await countSyncScope(dir, { signal, timeoutMs: 60_000 });
    const count: ObjectCount = { ...c, source: 'directory' };
    counted.set(dir, { at: ctx.now().getTime(), count });
    return { objects: count, problem: null };
  } catch (e) {
    return { objects: null, problem: `Not counted: ${errorText(e)}` };
  }
}

function toolFacts(tool: ReturnType<typeof detectSyncTool>): UpgradeProbe['tool'] {
  const p = tool.program;
  return {
    generation: tool.generation,
    label: tool.label,
    displayName: p?.displayName ?? null,
    version: p?.version ?? null,
    bitness: tool.bitness,
    registryView: p?.registryView ?? null,
    productCode: p?.productCode ?? null,
    uninstallString: p?.uninstallString ?? null,
    windowsInstaller: p ? (p.windowsInstaller ?? p.productCode !== null) : null,
  };
}

/** Is this server in an upgrade, and on which path (see UpgradeScope)? */
export async function readScope(ctx: PortContext, signal?: AbortSignal): Promise<UpgradeScope> {
  const opts = { signal, timeoutMs: 20_000 };
  const [programs, services, os] = await Promise.all([
    ctx.host.installedPrograms(opts),
    ctx.host.getServices(ALL_SYNC_SERVICE_NAMES, opts),
    ctx.host.osFacts(opts),
  ]);
  const tool = toolFacts(detectSyncTool(programs, services, os));
  const records = ctx.records?.read() ?? EMPTY_RECORDS;
  const needsCount = tool.generation === 'dirsync' || tool.generation === 'aadsync';
  const [count, adfs] = await Promise.all([needsCount ? objectCount(ctx, signal) : { objects: null }, ctx.host.adfsInstalled(opts)]);
  return computeScope(tool, count.objects, records, adfs, serverCannotRunConnect(os));
}

export async function probeUpgrade(ctx: PortContext, signal?: AbortSignal): Promise<UpgradeProbe> {
  const opts = { signal, timeoutMs: 20_000 };
  const { host } = ctx;
  const [programs, services, os] = await Promise.all([host.installedPrograms(opts), host.getServices(ALL_SYNC_SERVICE_NAMES, opts), host.osFacts(opts)]);
  const tool = detectSyncTool(programs, services, os);
  const [events, dotNetRelease, tls, adfs, status, count] = await Promise.all([
    host.queryEvents(
      {
        log: 'Application',
        sources: ['Directory Synchronization'],
        ids: [0, 109],
        since: new Date(ctx.now().getTime() - 30 * DAY).toISOString(),
        maxEvents: 50,
      },
      opts,
    ),
    host.dotNetRelease(opts),
    host.tlsSettings(opts).catch(() => null),
    host.adfsInstalled(opts),
    host.syncEngineStatus(opts),
    tool.generation === 'dirsync' || tool.generation === 'aadsync'
      ? objectCount(ctx, signal)
      : { objects: null, problem: 'Not needed: no deprecated sync tool is installed.' },
  ]);
  const engine = syncEngineService(tool.generation);
  const service = engine && services.find((s) => s.name.toLowerCase() === engine.name.toLowerCase());
  const facts = toolFacts(tool);
  const records = ctx.records?.read() ?? structuredClone(EMPTY_RECORDS);
  return {
    scope: computeScope(facts, count.objects, records, adfs, serverCannotRunConnect(os)),
    computerName: os.computerName,
    tool: facts,
    rejectEvents: events.filter((e) => REJECTED_TEXT.test(e.message)),
    os: { caption: os.caption, version: os.version, is64Bit: os.is64Bit, isServer: os.isServer },
    dotNetRelease,
    tls,
    adfs,
    runInProgress: status.runInProgress,
    lastRun: status.lastRun,
    toolService: service ? { name: service.name, displayName: service.displayName, state: service.state } : null,
    objects: count.objects,
    objectsProblem: count.problem,
    records,
  };
}

/** The account name the tool is configured with, as a sAMAccountName (DOMAIN\\name and name@domain reduced to name). */
export function accountName(user: string): string {
  const bare = user.includes('\\') ? user.slice(user.lastIndexOf('\\') + 1) : user;
  return bare.includes('@') ? bare.slice(0, bare.indexOf('@')) : bare;
}

/** FILETIME (pwdLastSet, lastLogonTimestamp) or GeneralizedTime (whenCreated) as ISO; null when unset or unreadable. */
function timeOf(value: string | undefined, kind: 'filetime' | 'generalized'): string | null {
  if (!value) return null;
  try {
    return kind === 'filetime' ? fileTimeToIso(value) : generalizedTimeToIso(value);
  } catch {
    return null;
  }
}

/** The configured account, read on the server; a problem in words when it cannot be. */
export async function readAccountInUse(
  ctx: PortContext,
  opts: { signal?: AbortSignal; timeoutMs: number },
): Promise<Pick<SyncAccountFacts, 'inUse' | 'inUseProblem'>> {
  try {
    const r = await ctx.host.adConnectorAccount(opts);
    const first = r.accounts[0];
    if (!r.source || !first) return { inUse: null, inUseProblem: r.problem ?? 'The sync tool names no directory account.' };
    return { inUse: { user: accountName(first.user), domain: first.domain, source: r.source }, inUseProblem: null };
  } catch (e) {
    return { inUse: null, inUseProblem: `The account in use could not be read on the server: ${errorText(e)}` };
  }
}

export async function probeSyncAccount(ctx: PortContext, signal?: AbortSignal): Promise<SyncAccountProbe> {
  const dir = ctx.directory;
  const opts = { signal, timeoutMs: 30_000 };
  const none = { expectedParentDn: null, accounts: [], deleted: [], recycleBinEnabled: false };
  const [scope, used] = await Promise.all([readScope(ctx, signal), readAccountInUse(ctx, opts)]);
  if (!dir) return { scope, connected: false, ...used, ...none, problem: "Connect to Active Directory to check the sync tool's account." };
  // The forest root domain's Users container; in a single-domain forest that is this domain's.
  const info = await dir.info(opts);
  const expectedParentDn = `CN=Users,${info.baseDn}`;
  const accounts: SyncAccountProbe['accounts'] = [];
  const attributes = ['sAMAccountName', 'whenCreated', 'pwdLastSet', 'lastLogonTimestamp'];
  // An account chosen at install (AADSync's custom install) need not be an MSOL_ one, nor live in
  // CN=Users: it is looked up by its own name and judged only on being there.
  const custom = used.inUse && !SYNC_ACCOUNT_NAME.test(used.inUse.user) ? used.inUse.user : null;
  const isOurs = (sam: string) => SYNC_ACCOUNT_NAME.test(sam) || (custom !== null && sam.toLowerCase() === custom.toLowerCase());
  const filters = ['(&(objectClass=user)(sAMAccountName=MSOL_*))', ...(custom ? [`(&(objectClass=user)(sAMAccountName=${escapeFilterValue(custom)}))`] : [])];
  for (const filter of filters) {
    for await (const e of dir.search({ filter, attributes }, opts)) {
      const sam = e.attributes.sAMAccountName?.[0] ?? '';
      if (!isOurs(sam)) continue;
      const parent = parentDn(e.dn);
      accounts.push({
        sAMAccountName: sam,
        dn: e.dn,
        parentDn: parent,
        moved: SYNC_ACCOUNT_NAME.test(sam) && !dnEquals(parent, expectedParentDn),
        whenCreated: timeOf(e.attributes.whenCreated?.[0], 'generalized'),
        pwdLastSet: timeOf(e.attributes.pwdLastSet?.[0], 'filetime'),
        lastLogonTimestamp: timeOf(e.attributes.lastLogonTimestamp?.[0], 'filetime'),
      });
    }
  }
  // Newest first: a reinstall leaves older MSOL_ accounts behind.
  accounts.sort((a, b) => (b.whenCreated ?? '').localeCompare(a.whenCreated ?? ''));
  const deleted: SyncAccountProbe['deleted'] = [];
  const inUseLive = used.inUse && accounts.some((a) => a.sAMAccountName.toLowerCase() === used.inUse!.user.toLowerCase());
  if (!accounts.length || (used.inUse && !inUseLive)) {
    const search = dir.search(
      {
        base: `CN=Deleted Objects,${info.baseDn}`,
        filter: '(&(isDeleted=TRUE)(objectClass=user))',
        attributes: ['sAMAccountName', 'lastKnownParent', 'whenChanged'],
        includeDeleted: true,
      },
      opts,
    );
    for await (const e of search) {
      const sam = e.attributes.sAMAccountName?.[0] ?? '';
      if (!isOurs(sam)) continue;
      const changed = e.attributes.whenChanged?.[0];
      deleted.push({
        sAMAccountName: sam,
        dn: e.dn,
        lastKnownParent: e.attributes.lastKnownParent?.[0] ?? null,
        whenChanged: changed ? generalizedTimeToIso(changed) : null,
      });
    }
    deleted.sort((a, b) => (b.whenChanged ?? '').localeCompare(a.whenChanged ?? ''));
  }
  return { scope, connected: true, expectedParentDn, ...used, accounts, deleted, recycleBinEnabled: info.recycleBinEnabled, problem: null };
}

export async function probeGap(ctx: PortContext, signal?: AbortSignal): Promise<GapProbe> {
  const records = ctx.records?.read() ?? EMPTY_RECORDS;
  const cleanupAttestedAt = records.attested['cloud-cleanup']?.at ?? null;
  const cleanupAttestedBy = records.attested['cloud-cleanup']?.by ?? null;
  const scope = await readScope(ctx, signal);
  if (!records.snapshot) return { scope, snapshot: null, deleted: null, problem: null, cleanupAttestedAt, cleanupAttestedBy };
  if (!ctx.directory)
    return {
      scope,
      snapshot: records.snapshot,
      deleted: null,
      problem: 'Connect to Active Directory to list the deletions.',
      cleanupAttestedAt,
      cleanupAttestedBy,
    };
  try {
    const snapshot = await readGapSnapshot(records.snapshot.file);
    const report = await listDeletedSince(ctx.directory, snapshot, { signal, timeoutMs: 60_000, now: ctx.now });
    return { scope, snapshot: records.snapshot, deleted: report.deleted, problem: null, cleanupAttestedAt, cleanupAttestedBy };
  } catch (e) {
    return { scope, snapshot: records.snapshot, deleted: null, problem: errorText(e), cleanupAttestedAt, cleanupAttestedBy };
  }
}
