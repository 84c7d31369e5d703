// Probes for the scheduler, the cloud account, the runs per connector, TLS 1.2 and the endpoint
// (KB 2882421 Method 1 and what sync needs today). Each reads the host port only.
import type {
  CloudAccountProbe,
  EndpointProbe,
  SchedulerProbe,
  AppCertificateProbe,
  PasswordHashSyncProbe,
  SyncDatabaseProbe,
  SyncRunsProbe,
  TlsProbe,
} from '../../shared/playbooks/probes';
import { DATABASE_FULL_EVENT_IDS } from './sync-service';
import { HEARTBEAT_EVENT, PHS_FAILURE_EVENTS } from '../../shared/playbooks/checks-password-sync';
import { CERT_EXPIRED_EVENT, CERT_EXPIRING_EVENT, CERT_NO_TPM_EVENT } from '../../shared/playbooks/checks-app-certificate';
import { syncEngineService } from '../../shared/domain/sync-tools';
import { evaluateSyncToolVersion } from '../../shared/domain/version-floors';
import type { PortContext } from './context';

const DAY = 24 * 3600_000;
const opts = (signal?: AbortSignal) => ({ signal, timeoutMs: 20_000 });

export async function probeScheduler(ctx: PortContext, signal?: AbortSignal): Promise<SchedulerProbe> {
  const [tool, scheduler] = await Promise.all([ctx.host.syncTool(opts(signal)), ctx.host.scheduler(opts(signal))]);
  return { generation: tool.generation, scheduler };
}

/** Texts of Directory Synchronization events that mean the cloud sign-in was refused. */
const CLOUD_DENIED =
  /access to (windows azure active directory|azure active directory|microsoft entra id|entra id) has been denied|update your password|password has expired|invalid username or password|AADSTS50126|AADSTS50055|AADSTS50057/i;

export async function probeCloudAccount(ctx: PortContext, signal?: AbortSignal): Promise<CloudAccountProbe> {
  const since = new Date(ctx.now().getTime() - DAY).toISOString();
  const [tool, accounts, runs, events, scheduler] = await Promise.all([
    ctx.host.syncTool(opts(signal)),
    ctx.host.connectorAccounts(opts(signal)),
    ctx.host.connectorRuns(opts(signal)),
    ctx.host.queryEvents({ log: 'Application', sources: ['Directory Synchronization'], ids: [0, 109, 115], since, maxEvents: 20 }, opts(signal)),
    ctx.host.scheduler(opts(signal)).catch(() => null),
  ]);
  const entraRuns = runs.connectors.filter((c) => c.type === 'entra').flatMap((c) => c.latestRuns);
  return {
    toolRetired: evaluateSyncToolVersion(tool.generation, tool.version ?? tool.connectVersion, ctx.now()).status === 'retired',
    generation: tool.generation,
    accounts,
    entraRuns,
    schedulerSuspended: scheduler?.schedulerSuspended ?? null,
    version: tool.version ?? tool.connectVersion,
    now: ctx.now().toISOString(),
    // 115 is "access denied" whatever its text; 0 and 109 are generic and count only with a password text.
    credentialEvents: events.filter((e) => e.id === 115 || CLOUD_DENIED.test(e.message)),
  };
}

export async function probeSyncRuns(ctx: PortContext, signal?: AbortSignal): Promise<SyncRunsProbe> {
  const [tool, history, scheduler] = await Promise.all([
    ctx.host.syncTool(opts(signal)),
    ctx.host.connectorRuns(opts(signal)),
    ctx.host.scheduler(opts(signal)).catch(() => null),
  ]);
  const expected = syncEngineService(tool.generation);
  const engine = expected && tool.services.find((s) => s.name.toLowerCase() === expected.name.toLowerCase());
  return {
    generation: tool.generation,
    history,
    stagingMode: scheduler?.stagingModeEnabled ?? null,
    engineRunning: engine ? engine.state === 'running' : null,
    now: ctx.now().toISOString(),
  };
}

/** The database step: the run history (as the runs step reads it) and ADSync 6323 of the last 7 days. */
export async function probeSyncDatabase(ctx: PortContext, signal?: AbortSignal): Promise<SyncDatabaseProbe> {
  const since = new Date(ctx.now().getTime() - 7 * 24 * 3600_000).toISOString();
  const [runs, fullEvents] = await Promise.all([
    probeSyncRuns(ctx, signal),
    ctx.host.queryEvents({ log: 'Application', sources: ['ADSync'], ids: DATABASE_FULL_EVENT_IDS, since, maxEvents: 5 }, opts(signal)),
  ]);
  return { ...runs, fullEvents };
}

/** Password hash sync: the tenant feature, the AD connectors, staging mode and its events of 24 hours. */
export async function probeSyncPasswordHashSync(ctx: PortContext, signal?: AbortSignal): Promise<PasswordHashSyncProbe> {
  const since = new Date(ctx.now().getTime() - 24 * 3600_000).toISOString();
  const events = (ids: number[]) =>
    ctx.host.queryEvents({ log: 'Application', sources: ['Directory Synchronization'], ids, since, maxEvents: 50 }, opts(signal));
  const [tool, state, scheduler, heartbeats, failures] = await Promise.all([
    ctx.host.syncTool(opts(signal)),
    ctx.host.passwordHashSync(opts(signal)),
    ctx.host.scheduler(opts(signal)).catch(() => null),
    events([HEARTBEAT_EVENT]),
    events([...PHS_FAILURE_EVENTS]),
  ]);
  const expected = syncEngineService(tool.generation);
  const engine = expected && tool.services.find((s) => s.name.toLowerCase() === expected.name.toLowerCase());
  const newestFirst = (a: { timeCreated: string }, b: { timeCreated: string }) => Date.parse(b.timeCreated) - Date.parse(a.timeCreated);
  return {
    generation: tool.generation,
    state,
    stagingMode: scheduler?.stagingModeEnabled ?? null,
    engineRunning: engine ? engine.state === 'running' : null,
    version: tool.version ?? tool.connectVersion ?? null,
    heartbeats: [...heartbeats].sort(newestFirst),
    failures: [...failures].sort(newestFirst),
    now: ctx.now().toISOString(),
  };
}

/**
 * Application sign-in's certificate: its events of 30 days (1011 rotation due, 1012 expired, 1014 no
 * TPM), the certificate itself where it can be found (store, thumbprint, dates), the scheduler, and
 * the sync service's logon now and as installed.
 */
export async function probeAppCertificate(ctx: PortContext, signal?: AbortSignal): Promise<AppCertificateProbe> {
  const since = new Date(ctx.now().getTime() - 30 * 24 * 3600_000).toISOString();
  const tool = await ctx.host.syncTool(opts(signal));
  const expected = syncEngineService(tool.generation);
  const [accounts, scheduler, events, logon] = await Promise.all([
    ctx.host.connectorAccounts(opts(signal)).catch(() => null),
    ctx.host.scheduler(opts(signal)).catch(() => null),
    ctx.host.queryEvents(
      { log: 'Application', sources: ['ADSync'], ids: [CERT_EXPIRING_EVENT, CERT_EXPIRED_EVENT, CERT_NO_TPM_EVENT], since, maxEvents: 20 },
      opts(signal),
    ),
    expected ? ctx.host.serviceLogon(expected.name, opts(signal)).catch(() => null) : Promise.resolve(null),
  ]);
  const identityType = accounts?.entra?.identityType ?? null;
  // Only a server that signs in as an application has a certificate to look for.
  let certificate: AppCertificateProbe['certificate'] = null;
  let certificateProblem: string | null = null;
  if (tool.generation === 'entra-connect' && identityType === 'application' && expected) {
    try {
      const state = await ctx.host.appCertificate(expected.name, opts(signal));
      certificate = state.certificate;
      certificateProblem = state.problem;
    } catch (e) {
      if (signal?.aborted) throw e;
      certificateProblem = `The certificate could not be read: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return {
    generation: tool.generation,
    identityType,
    events: [...events].sort((a, b) => Date.parse(b.timeCreated) - Date.parse(a.timeCreated)),
    certificate,
    certificateProblem,
    schedulerSuspended: scheduler?.schedulerSuspended ?? null,
    logonAccount: logon?.account ?? null,
    originalLogonAccount: logon?.original?.account ?? null,
    now: ctx.now().toISOString(),
  };
}

export async function probeTls(ctx: PortContext, signal?: AbortSignal): Promise<TlsProbe> {
  const [tool, tls] = await Promise.all([ctx.host.syncTool(opts(signal)), ctx.host.tlsSettings(opts(signal))]);
  return { generation: tool.generation, tls, version: tool.version ?? tool.connectVersion };
}

export async function probeEndpoint(ctx: PortContext, signal?: AbortSignal): Promise<EndpointProbe> {
  const [tool, test] = await Promise.all([ctx.host.syncTool(opts(signal)), ctx.host.testEndpoint({ signal, timeoutMs: 30_000 })]);
  return { generation: tool.generation, test };
}
