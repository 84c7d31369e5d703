// KB 2882421 Method 1 checks (and what sync needs today beyond the article: a supported build,
// the scheduler, TLS 1.2, the endpoint). Pure: probe output in, verdict out.
import type { EventRecord, ServiceInfo, TlsSettings } from '../domain/host';
import { TLS_ENFORCEMENT_BUILDS, tls12ShortfallsFor, tlsEnforcement, type TlsEnforcement } from '../domain/connect-requirements';
import { SOURCES, sourceLine } from '../domain/public-sources';
import { APP_AUTH_HARD_STOP, appAuthRequired, compareVersions } from '../domain/version-floors';
import { syncToolProfile } from '../domain/sync-tools';
import { STEP } from './kb2882421-ids';
import type { ProbeOutput } from './probes';
import { FULL_SYNC_AFTER_DAYS, runResultMeaning } from './run-results';
import type { Evidence, Verdict } from './types';

export type CheckResult = Omit<Verdict, 'checkedAt'> & {
  /** false: the step's fix does not apply to what was found (the summary says what to do instead). */
  fixable?: boolean;
};

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
export const eventEvidence = (e: EventRecord): Evidence => ev(`Event ${e.id} (${e.source})`, `${e.timeCreated}: ${e.message}`, `${e.log} event log`);
const DAY = 24 * 3600_000;

/** An SCM event about this service (by key name or display name in its text). */
export function aboutService(e: EventRecord, s: Pick<ServiceInfo, 'name' | 'displayName'>): boolean {
  return e.message.includes(` ${s.name} `) || e.message.includes(s.displayName);
}

/**
 * A Service Control Manager event that says the service could not log on: 7038, or a 7000 (a
 * generic start failure) whose text holds the 1069 logon failure. Any other 7000 is not a logon
 * problem and is not routed to Method 2.
 */
export function isLogonFailureEvent(e: Pick<EventRecord, 'id' | 'message'>): boolean {
  return e.id === 7038 || (e.id === 7000 && /\b1069\b|logon failure|log on failure/i.test(e.message));
}

// ---- step 1: a supported build ---------------------------------------------------------------

export function checkToolSupported(o: ProbeOutput<'sync-tool'>): CheckResult {
  const { install, support } = o;
  const label = syncToolProfile(install.generation)?.label ?? 'No sync tool';
  const evidence = [
    ev('Sync tool', label, install.displayName ? `uninstall entry "${install.displayName}"` : 'services'),
    ev('Version', install.version ?? 'unknown', install.connectVersion ? 'Azure AD Connect registry key' : 'uninstall entry'),
    ev('Support', support.reason, support.source),
  ];
  if (install.generation === 'none') return { status: 'not-applicable', summary: 'No directory sync tool is installed on this server.', evidence };
  // DirSync and AADSync have no supported build at all: the upgrade playbooks own that case
  // (path, prerequisites, removal); this step judges Connect builds only, so it is reported once.
  if (install.generation === 'dirsync' || install.generation === 'aadsync') {
    return {
      status: 'not-applicable',
      summary: `${label} is out of support: the upgrade playbook for it chooses the path to Entra Connect and guides it.`,
      evidence,
    };
  }
  const deadline = support.deadline ?? null;
  if (deadline) evidence.push(ev('Stops on', deadline.from, deadline.source));
  const stopsSoon = deadline ? ` ${deadline.summary}` : '';
  switch (support.status) {
    case 'supported':
      if (deadline) {
        // Supported today, but below the build a fixed stop needs: a warning with the date.
        return { status: 'warn', cause: 'sync-tool-stops-soon', severity: 'warning', summary: `${support.reason}${stopsSoon}`, evidence };
      }
      return { status: 'pass', summary: `${label} ${install.version ?? ''} is a supported build. ${support.reason}`.replace(/\s+/g, ' ').trim(), evidence };
    case 'unsupported':
      return {
        status: 'warn',
        cause: 'sync-tool-unsupported',
        severity: 'warning',
        summary: `${support.reason} Sync still runs, but an unsupported build may stop at any time.${stopsSoon}`,
        evidence,
      };
    case 'unknown':
      return {
        status: 'unknown',
        summary: `The version of ${label} could not be read, so whether Microsoft still accepts it is unknown. ${support.reason}`,
        evidence,
      };
    case 'retired':
      return {
        status: 'fail',
        cause: 'sync-tool-retired',
        severity: 'critical',
        summary: `${support.reason} No other fix makes sync work again: upgrade first${support.minimumVersion ? ` (to ${support.minimumVersion} or later)` : ''}.`,
        evidence,
      };
  }
}

// ---- step 2: the sync services ----------------------------------------------------------------

export function checkServicesRunning(o: ProbeOutput<'sync-service'>): CheckResult {
  const tool = syncToolProfile(o.generation)?.label ?? 'none';
  const evidence: Evidence[] = [ev('Sync tool found', tool, 'installed programs and services')];
  if (o.expected) evidence.push(ev('Service looked for', `${o.expected.displayName} (${o.expected.name})`));
  for (const s of o.services) {
    const src = `service ${s.name}`;
    evidence.push(ev(`${s.displayName}`, `${s.state}, start type ${s.startType}, logs on as ${s.logonAccount}`, src));
  }
  if (o.generation === 'none' || !o.expected) {
    return { status: 'not-applicable', summary: 'No directory sync tool is installed on this server.', evidence };
  }
  if (!o.service && o.generation === 'dirsync' && o.toolBitness === '32') {
    // The 32-bit DirSync runs on ILM 2007, whose services have other names than the 64-bit tool's:
    // their absence says nothing. Its upgrade playbook (uninstall, new server) is the way on.
    return {
      status: 'not-applicable',
      summary:
        'The 32-bit DirSync runs on Identity Lifecycle Manager 2007, whose services have other names than the ones checked here; the upgrade playbook for it is the way on.',
      evidence,
    };
  }
  if (!o.service) {
    return {
      status: 'fail',
      cause: 'sync-service-missing',
      severity: 'critical',
      fixable: false,
      summary: `The ${o.expected.displayName} service is not installed: repair or reinstall the sync tool.`,
      evidence,
    };
  }
  const stopped = o.services.filter((s) => s.state !== 'running');
  if (!stopped.length) {
    return {
      status: 'pass',
      summary: o.services.length > 1 ? `All ${o.services.length} sync services are running.` : `${o.service.displayName} is running.`,
      evidence,
    };
  }
  const failures = o.logonFailures.filter((e) => stopped.some((s) => aboutService(e, s)));
  failures.slice(0, 3).forEach((e) => evidence.push(eventEvidence(e)));
  o.keyFailures.slice(0, 1).forEach((e) => evidence.push(eventEvidence(e)));
  const names = stopped.map((s) => `${s.displayName} is ${s.state}`).join('; ');
  const base = `${names}: nothing syncs while it is not running.`;

  if (failures.some((e) => e.id === 7041)) {
    return {
      status: 'fail',
      cause: 'service-logon-right-missing',
      severity: 'critical',
      fixable: false,
      summary:
        `${base} Windows refused the logon type (event 7041): the account lacks the "Log on as a service" user right. ` +
        'It is set by the policy Computer Configuration > Windows Settings > Security Settings > Local Policies > User Rights Assignment > ' +
        '"Log on as a service", often overridden by a domain Group Policy. Run "gpresult /H report.html" on this server to see which policy ' +
        'applies, add the account there, then start the service again.',
      evidence,
    };
  }
  if (failures.some(isLogonFailureEvent)) {
    return {
      status: 'fail',
      cause: 'service-logon-failed',
      severity: 'critical',
      fixable: false,
      summary: `${base} Its start fails because the logon account cannot sign in (error 1069): starting it again would fail the same way. Method 2 finds out why.`,
      evidence,
      route: { stepId: STEP.logonKind, reason: 'The service cannot log on: continue with the logon account (Method 2).' },
    };
  }
  if (o.keyFailures.length) {
    return {
      status: 'fail',
      cause: 'sync-key-unreadable',
      severity: 'critical',
      fixable: false,
      summary:
        `${base} The sync engine cannot read its encryption key (event 6028), so starting it again fails the same way. This follows a change of the service's logon account ` +
        "(then putting the original back restores the key), or a reset of its password on an old build (then the key is lost and must be abandoned with Microsoft's key tool). The steps below say which and how.",
      evidence,
    };
  }
  if (o.databaseFull?.length) {
    o.databaseFull.slice(0, 1).forEach((e) => evidence.push(eventEvidence(e)));
    return {
      status: 'fail',
      cause: 'sync-service-stopped',
      severity: 'critical',
      fixable: false,
      summary: `${base} Its database is out of space (event 6323: LocalDB stops at 10 GB), so starting it again would fail the same way. The database step says what to purge and how.`,
      evidence,
      route: { stepId: STEP.database, reason: 'The sync database is full: make room in it first (the database step).' },
    };
  }
  return { status: 'fail', cause: 'sync-service-stopped', severity: 'error', summary: base, evidence };
}

// ---- the scheduler ---------------------------------------------------------------------------

export function checkScheduler(o: ProbeOutput<'scheduler'>): CheckResult {
  const s = o.scheduler;
  const yn = (b: boolean | null) => (b === null ? 'unknown' : b ? 'yes' : 'no');
  const src = 'Get-ADSyncScheduler';
  const evidence = [
    ev('Sync cycles enabled', yn(s.syncCycleEnabled), src),
    ev('Suspended', yn(s.schedulerSuspended), src),
    ev('Staging mode', yn(s.stagingModeEnabled), src),
    ev('Next cycle', s.nextSyncCycleStartTime ? `${s.nextSyncCycleStartTime} (${s.nextSyncCyclePolicyType ?? 'delta'})` : 'none scheduled', src),
    ev('Interval', s.intervalMinutes === null ? 'unknown' : `${s.intervalMinutes} minutes`, src),
  ];
  if (!s.available)
    return { status: 'not-applicable', summary: 'This build has no built-in scheduler (it is started by a scheduled task or its own service).', evidence };
  if (s.syncCycleEnabled === false) {
    return {
      status: 'fail',
      cause: 'scheduler-disabled',
      severity: 'error',
      summary: 'The scheduler is turned off: no sync cycle starts by itself, so Entra ID stops hearing from this server.',
      evidence,
    };
  }
  if (s.schedulerSuspended) {
    return {
      status: 'warn',
      cause: 'scheduler-suspended',
      severity: 'error',
      fixable: false,
      summary:
        'The scheduler is suspended: the Connect configuration wizard is open on this server, or an upgrade is running or failed. ' +
        'Close the wizard (or finish the upgrade); the app does not clear the suspension itself, since setting it by hand is unsupported.',
      evidence,
    };
  }
  if (s.stagingModeEnabled) {
    return {
      status: 'warn',
      cause: 'staging-mode',
      severity: 'warning',
      fixable: false,
      summary:
        'This server is in staging mode: it imports and synchronizes but exports nothing to Entra ID. That is right for a standby server. ' +
        'Only if this should be the active server, turn staging mode off in the Connect wizard (after the other server is in staging mode); ' +
        'the app never switches it.',
      evidence,
    };
  }
  if (s.syncCycleEnabled === null) return { status: 'unknown', summary: 'The scheduler did not say whether sync cycles are enabled.', evidence };
  return {
    status: 'pass',
    summary: `The scheduler is on${s.nextSyncCycleStartTime ? `; the next cycle starts at ${s.nextSyncCycleStartTime}` : ''}.`,
    evidence,
  };
}

// ---- the cloud account (steps 3-4) -----------------------------------------------------------

const CLOUD_FAILURES = new Set(['stopped-extension-dll-exception', 'stopped-server-down']);

export function checkCloudAccount(o: ProbeOutput<'cloud-account'>): CheckResult {
  const entra = o.accounts.entra;
  const user = entra?.userName ?? o.accounts.dirsyncCloudUser;
  const evidence: Evidence[] = [
    ev('Entra connector', entra?.connector ?? 'not found', 'Get-ADSyncConnector'),
    ev(
      'Signs in as',
      entra?.identityType === 'application' ? 'an application (certificate)' : (user ?? 'unknown'),
      'connector UserName / Get-ADSyncEntraConnectorCredential',
    ),
  ];
  const failed = o.entraRuns.filter((r) => CLOUD_FAILURES.has(r.result));
  failed.forEach((r) => evidence.push(ev(`${r.connector} ${r.profile}`, `${r.result} (ended ${r.endTime})`, 'run history')));
  o.credentialEvents.slice(0, 2).forEach((e) => evidence.push(eventEvidence(e)));
  if (o.generation === 'none') return { status: 'not-applicable', summary: 'No directory sync tool is installed on this server.', evidence };
  if (entra?.identityType === 'application' && !failed.length) {
    return {
      status: 'pass',
      summary: 'The Entra connector signs in as an application, not a Sync_ user: a missing or disabled Sync_ user is no fault here.',
      evidence,
    };
  }
  const stopped = appAuthStop(o);
  if (stopped) return { ...stopped, evidence: [...evidence, ...stopped.evidence] };
  if (!entra && o.generation !== 'dirsync') {
    return {
      status: 'fail',
      cause: 'entra-connector-missing',
      severity: 'critical',
      fixable: false,
      summary: 'No Entra ID connector is configured: run the Connect configuration wizard to set it up.',
      evidence,
    };
  }
  if ((failed.length || o.credentialEvents.length) && o.toolRetired) {
    return {
      status: 'unknown',
      cause: 'waits-for-earlier-step',
      summary:
        'Entra ID refuses this retired build whatever its password, so these failures say nothing about the cloud account: settle step 1 (upgrade) first.',
      evidence,
    };
  }
  // While the wizard is open the scheduler is suspended and the new password is not tried yet:
  // the failures shown are from before; the next export after it closes decides.
  if ((failed.length || o.credentialEvents.length) && o.schedulerSuspended) {
    return {
      status: 'unknown',
      summary:
        'The configuration wizard is open on the server (the scheduler is suspended): change the Entra ID credentials there and finish it. The next export after it closes proves the new password; check again then.',
      evidence,
    };
  }
  if (failed.length || o.credentialEvents.length) {
    return {
      status: 'fail',
      cause: 'cloud-account-sign-in-failed',
      severity: 'critical',
      summary:
        entra?.identityType === 'application'
          ? 'The Entra connector signs in to Entra ID as an application, and its sign-in was refused: its certificate expired or cannot be found. The step "The application sign-in certificate is current" says which, and what to do.'
          : `The cloud account${user ? ` ${user}` : ''} the sync tool signs in to Entra ID with was refused: its password expired or changed, or the account was disabled or deleted. The app cannot reset a cloud password; the steps below do it by hand.`,
      evidence,
    };
  }
  const due = appAuthDue(o, user);
  if (due) return { ...due, evidence: [...evidence, ...due.evidence] };
  return { status: 'pass', summary: `The Entra connector's latest runs signed in${user ? ` as ${user}` : ''} without a credential failure.`, evidence };
}

/** Connect signing in as its Sync_ user (not as an application): the 7 April 2027 stop applies. */
function signsInAsSyncUser(o: ProbeOutput<'cloud-account'>): boolean {
  const entra = o.accounts.entra;
  return o.generation === 'entra-connect' && !!entra && entra.identityType !== 'application';
}

const HARD_STOP_DAY = '7 April 2027';
const CONFIGURE_APP_AUTH =
  'Open the configuration wizard on the server (the button below does it, after asking), choose "Configure application-based authentication", and finish; ' +
  `the build must be ${APP_AUTH_HARD_STOP.minimumVersion} or later first.`;

/** From 7 April 2027 a server that still signs in as the Sync_ user no longer syncs: critical. */
function appAuthStop(o: ProbeOutput<'cloud-account'>): CheckResult | null {
  if (!signsInAsSyncUser(o) || !o.now || !appAuthRequired(new Date(o.now))) return null;
  return {
    status: 'fail',
    cause: 'application-auth-required',
    severity: 'critical',
    summary: `${APP_AUTH_HARD_STOP.summary} This server still signs in as its Sync_ user, so Entra ID no longer accepts its sync. ${CONFIGURE_APP_AUTH}`,
    evidence: [ev('Required since', HARD_STOP_DAY, APP_AUTH_HARD_STOP.source)],
  };
}

/** Before 7 April 2027: a warning with the date, why, and the wizard's task. */
function appAuthDue(o: ProbeOutput<'cloud-account'>, user: string | null): CheckResult | null {
  if (!signsInAsSyncUser(o)) return null;
  const build =
    o.version && (compareVersions(o.version, APP_AUTH_HARD_STOP.minimumVersion) ?? -1) < 0 ? ` (this build, ${o.version}, must be upgraded first)` : '';
  return {
    status: 'warn',
    cause: 'application-auth-required',
    severity: 'warning',
    summary:
      `The Entra connector still signs in as ${user ?? 'its Sync_ user'}. ${APP_AUTH_HARD_STOP.summary} Until then it works; from that day sync stops. ` +
      `Switch to application-based authentication before ${HARD_STOP_DAY}${build}. ${CONFIGURE_APP_AUTH}`,
    evidence: [ev('Required from', HARD_STOP_DAY, APP_AUTH_HARD_STOP.source)],
  };
}

// ---- step 5: the runs, per connector ---------------------------------------------------------

export function lastSuccessAge(o: ProbeOutput<'sync-runs'>): number {
  const now = Date.parse(o.now);
  const ok = o.history.connectors.flatMap((c) => c.latestRuns).filter((r) => runResultMeaning(r.result).outcome === 'success');
  if (!ok.length) return Infinity;
  return now - Math.max(...ok.map((r) => Date.parse(r.endTime)));
}

/** The Entra connector's latest completed Export, if any. */
function latestEntraExport(o: ProbeOutput<'sync-runs'>) {
  return (
    o.history.connectors
      .filter((c) => c.type === 'entra')
      .flatMap((c) => c.latestRuns)
      .find((r) => r.profile === 'Export') ?? null
  );
}

/**
 * What both run-history checks say before reading it: no tool; a stopped service (its history
 * waits for step 2); or a build with no way to read it (then `unknownWhat`). null: it was read.
 */
function runHistoryUnread(o: ProbeOutput<'sync-runs'>, unknownWhat: string, evidence: Evidence[]): CheckResult | null {
  if (o.generation === 'none') return { status: 'not-applicable', summary: 'No directory sync tool is installed on this server.', evidence };
  if (o.history.source !== 'none') return null;
  if (o.engineRunning === false) {
    return {
      status: 'unknown',
      cause: 'waits-for-earlier-step',
      summary: 'The run history can only be read while the sync service runs: settle step 2 (the sync services are running) first.',
      evidence,
    };
  }
  return { status: 'unknown', summary: `The sync engine gives no way to read its run history on this build, so ${unknownWhat}.`, evidence };
}

/**
 * The export held back by the deletion threshold. The app cannot lift the threshold itself
 * (the cmdlets sign in to Entra ID interactively on current builds): the admin does it by hand and
 * attests; this check is the evidence after it: no export stopped at the threshold, and the
 * threshold on again.
 */
export function checkDeletionThreshold(o: ProbeOutput<'sync-runs'>): CheckResult {
  const h = o.history;
  const t = h.deletionThreshold;
  const exp = latestEntraExport(o);
  const evidence: Evidence[] = [
    ev(
      'Deletion threshold',
      t.enabled === null ? 'unknown' : t.enabled ? `on, ${t.value ?? 500} objects` : 'off',
      'global settings (Microsoft.OptionalFeature.ExportDeletionThreshold)',
    ),
  ];
  if (exp) {
    evidence.push(ev(`${exp.connector}: Export`, `${exp.result} (ended ${exp.endTime})`, 'run history (latest completed run)'));
    if (exp.counts.pendingDeletes !== null) evidence.push(ev('Deletions pending export', String(exp.counts.pendingDeletes), 'run history'));
    if (exp.counts.deletes !== null && exp.result !== 'stopped-deletion-threshold-exceeded')
      evidence.push(ev('Deletions exported', String(exp.counts.deletes), 'run history'));
  }
  const unread = runHistoryUnread(o, 'whether an export is held back is unknown', evidence);
  if (unread) return unread;
  if (exp?.result === 'stopped-deletion-threshold-exceeded') {
    const pending = exp.counts.pendingDeletes;
    return {
      status: 'fail',
      cause: 'deletion-threshold-exceeded',
      severity: 'critical',
      summary:
        `The export to Entra ID stopped: it would delete ${pending ?? 'more'} objects, above the deletion threshold (${t.value ?? 500}). ` +
        'The threshold exists so that a mistake on-premises (an OU moved out of scope, a filter changed) cannot delete users in the cloud. ' +
        'If the deletions are wrong, fix the cause on-premises and run a sync; only if they are intended, let them through once, by hand (the steps below say why and how).',
      evidence,
    };
  }
  if (t.enabled === false) {
    return {
      status: 'warn',
      cause: 'deletion-threshold-off',
      severity: 'warning',
      evidence,
      summary: 'The deletion threshold is off: nothing stops a mistake on-premises from deleting users in the cloud. Turn it back on (the last steps below).',
    };
  }
  return { status: 'pass', summary: `No export is held back by the deletion threshold${t.enabled ? ` (on, ${t.value ?? 500} objects)` : ''}.`, evidence };
}

export function checkSyncRuns(o: ProbeOutput<'sync-runs'>): CheckResult {
  const h = o.history;
  const evidence: Evidence[] = [];
  const runs = h.connectors.flatMap((c) => c.latestRuns);
  for (const r of runs) {
    const m = runResultMeaning(r.result);
    evidence.push(ev(`${r.connector}: ${r.profile}`, `${r.result} (ended ${r.endTime}). ${m.meaning}`, 'run history (latest completed run)'));
  }
  evidence.push(
    ev(
      'Deletion threshold',
      h.deletionThreshold.enabled === null ? 'unknown' : h.deletionThreshold.enabled ? `on, ${h.deletionThreshold.value ?? 500} objects` : 'off',
      'global settings',
    ),
  );
  const unread = runHistoryUnread(o, 'the last results are unknown (not "never synced")', evidence);
  if (unread) return unread;

  if (runs.some((r) => r.result === 'stopped-deletion-threshold-exceeded')) {
    // The deletion-threshold step (the one before) is where this is settled and reported.
    return {
      status: 'unknown',
      cause: 'waits-for-earlier-step',
      summary: 'The export to Entra ID stopped at the deletion threshold: settle the step before this one (the deletion threshold) first.',
      evidence,
    };
  }
  if (runs.some((r) => r.result === 'stopped-database-disk-full')) {
    // The database step (the one before) is where a full database is settled and reported.
    return {
      status: 'unknown',
      cause: 'waits-for-earlier-step',
      summary: 'The runs stopped because the sync database is full: settle the step before this one (the sync database has room) first.',
      evidence,
    };
  }
  const failedRuns = runs.filter((r) => runResultMeaning(r.result).outcome === 'failure');
  if (failedRuns.length) {
    const list = failedRuns.map((r) => `${r.connector} ${r.profile}: ${r.result}`).join('; ');
    return {
      status: 'fail',
      cause: 'sync-run-failed',
      severity: 'error',
      summary: `The latest completed run failed on: ${list}. ${runResultMeaning(failedRuns[0]!.result).meaning}`,
      evidence,
    };
  }
  const age = lastSuccessAge(o);
  if (age > FULL_SYNC_AFTER_DAYS * DAY) {
    return {
      status: 'fail',
      cause: 'no-recent-successful-sync',
      severity: 'error',
      evidence,
      summary: runs.length
        ? `No successful run in more than ${FULL_SYNC_AFTER_DAYS} days: one full (initial) cycle is needed before delta cycles work again.`
        : 'No completed sync run is recorded.',
    };
  }
  if (age > DAY) {
    return {
      status: 'fail',
      cause: 'no-recent-successful-sync',
      severity: 'error',
      summary: 'No successful sync in more than a day: Entra ID warns after 24 hours.',
      evidence,
    };
  }
  const withErrors = runs.filter((r) => runResultMeaning(r.result).outcome === 'warning');
  if (withErrors.length) {
    return {
      status: 'warn',
      cause: 'sync-run-errors',
      severity: 'warning',
      evidence,
      summary: `Sync runs, but with object errors on: ${withErrors.map((r) => `${r.connector} ${r.profile} (${r.result})`).join('; ')}.`,
    };
  }
  return { status: 'pass', summary: `Every connector's latest run succeeded${o.stagingMode ? ' (staging mode: nothing is exported)' : ''}.`, evidence };
}

// ---- the sync database (LocalDB, 10 GB) --------------------------------------------------------

/**
 * AADSync and Connect keep their data in SQL Server Express LocalDB unless installed on a full SQL
 * Server; LocalDB stops at 10 GB. Then every run stops with stopped-database-disk-full, ADSync
 * logs 6323, and the service may not start at all. Full: a disk-full run, or a 6323 newer than
 * the last successful run.
 */
export function checkSyncDatabase(o: ProbeOutput<'sync-database'>): CheckResult {
  const runs = o.history.connectors.flatMap((c) => c.latestRuns);
  const diskFull = runs.filter((r) => r.result === 'stopped-database-disk-full');
  const okEnds = runs.filter((r) => runResultMeaning(r.result).outcome === 'success').map((r) => Date.parse(r.endTime));
  const lastOk = okEnds.length ? Math.max(...okEnds) : -Infinity;
  const newer = o.fullEvents.filter((e) => Date.parse(e.timeCreated) > lastOk);
  const evidence: Evidence[] = [
    ...diskFull.map((r) => ev(`${r.connector}: ${r.profile}`, `${r.result} (ended ${r.endTime})`, 'run history (latest completed run)')),
    ...o.fullEvents.slice(0, 3).map(eventEvidence),
    ev('Last successful run', okEnds.length ? new Date(lastOk).toISOString() : 'none recorded', 'run history'),
  ];
  if (o.generation !== 'aadsync' && o.generation !== 'entra-connect') {
    return {
      status: 'not-applicable',
      summary: 'This step reads the LocalDB database of AADSync and Entra Connect; no such tool is installed here.',
      evidence,
    };
  }
  if (diskFull.length || newer.length) {
    const stopped = o.engineRunning === false ? ' The sync service is not running: with a full database it cannot start.' : '';
    return {
      status: 'fail',
      cause: 'sync-database-full',
      severity: 'critical',
      fixable: false,
      summary: `The sync database is full (event 6323: LocalDB stops at 10 GB), so nothing syncs.${stopped} Make room as the steps below say (shrink it, clear the run history, keep less of it), then check again.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    summary: o.fullEvents.length
      ? 'The database ran out of space before, but runs have succeeded since.'
      : 'No sign of a full sync database (no event 6323 in 7 days, no run stopped for lack of space).',
    evidence,
  };
}

// ---- TLS 1.2 and the endpoint ----------------------------------------------------------------

/** The registry values that are not as TLS 1.2 needs them, in words (the rule: shared/domain/connect-requirements). */
export function tlsProblems(t: TlsSettings, need: TlsEnforcement = 'needed'): string[] {
  return tls12ShortfallsFor(t, need).map(({ value, actual }) => `${value.label} is ${actual ?? 'missing'} (needs ${value.needs})`);
}

export function checkTls(o: ProbeOutput<'tls'>): CheckResult {
  const need = tlsEnforcement(o.generation, o.version ?? null);
  const problems = tlsProblems(o.tls, need);
  const evidence = problems.map((p) => ev('Registry', p, 'HKLM registry'));
  const rule = ev(
    'Registry values needed for',
    `Entra Connect ${TLS_ENFORCEMENT_BUILDS.value.from} to ${TLS_ENFORCEMENT_BUILDS.value.through} and older tools`,
    TLS_ENFORCEMENT_BUILDS.source,
  );
  if (o.generation === 'none') return { status: 'not-applicable', summary: 'No directory sync tool is installed on this server.', evidence };
  if (need === 'not-needed') {
    // Builds from 2.4.131.0 negotiate TLS 1.2 themselves: absent values are no fault, and setting
    // them would be a registry change and a reboot of a Tier-0 server for nothing.
    if (!problems.length) {
      return {
        status: 'pass',
        summary: `Build ${o.version} uses TLS 1.2 by itself: no registry change is needed, and nothing in Windows turns TLS 1.2 off.`,
        evidence: [rule],
      };
    }
    return {
      status: 'fail',
      cause: 'tls12-disabled-in-windows',
      severity: 'error',
      evidence: [...evidence, rule],
      summary: 'TLS 1.2 is turned off in Windows (SCHANNEL), so no program on this server, the sync engine included, can reach Entra ID.',
    };
  }
  if (!problems.length)
    return {
      status: 'pass',
      summary: 'TLS 1.2 is enabled for .NET and SCHANNEL.',
      evidence: [ev('Registry', 'all TLS 1.2 values as needed', 'HKLM registry'), rule],
    };
  return {
    status: 'fail',
    cause: 'tls12-not-enforced',
    severity: 'error',
    evidence: [...evidence, rule],
    summary:
      need === 'unknown'
        ? 'The build could not be read, and TLS 1.2 is not enforced for .NET: if this build needs it (2.3.20.0-2.4.129.0, or an older tool), Entra ID refuses its TLS 1.0 and 1.1 connections.'
        : 'TLS 1.2 is not enforced for the sync engine: this build needs the registry values, and Entra ID refuses TLS 1.0 and 1.1 connections.',
  };
}

/** The test runs as the signed-in admin; the sync service runs as its own account with machine.config's proxy. */
const PROXY_NOTE =
  'This test ran as you, through the proxy your account is given; the sync service uses the proxy set in machine.config ' +
  "(the .NET Framework's config folder), so it can fail where this test passes: if it does, set the proxy there and restart the sync service.";

const ENDPOINT_WORDS: Record<ProbeOutput<'endpoint'>['test']['outcome'], string> = {
  ok: 'answered',
  blocked: 'was blocked by the proxy (HTTP 403): allow *.microsoftonline.com on the proxy',
  'proxy-auth': 'needs proxy authentication (HTTP 407): the sync engine cannot authenticate to a proxy; allow the server through without it',
  unreachable: 'did not answer: check DNS, the firewall and the proxy settings in machine.config',
  tls: 'refused the TLS handshake: check TLS 1.2 (the step above) and that nothing intercepts TLS',
  other: 'answered unexpectedly',
};

export function checkEndpoint(o: ProbeOutput<'endpoint'>): CheckResult {
  const t = o.test;
  const evidence = [
    ev('Address', t.url, 'Invoke-WebRequest'),
    ev('Proxy', t.proxy ?? 'none (direct)', 'machine proxy settings'),
    ev('Answer', t.statusCode === null ? 'no HTTP answer' : `HTTP ${t.statusCode}`, null),
    ev('Message', t.message, null),
  ];
  if (o.generation === 'none') return { status: 'not-applicable', summary: 'No directory sync tool is installed on this server.', evidence };
  evidence.push(ev('Whose proxy', PROXY_NOTE, sourceLine(SOURCES.connectivity)));
  if (t.outcome === 'ok') {
    return {
      status: 'pass',
      summary: `The Entra ID provisioning endpoint answered this test. ${PROXY_NOTE}`,
      evidence,
    };
  }
  return {
    status: 'fail',
    cause: 'endpoint-unreachable',
    severity: 'critical',
    fixable: false,
    summary: `The Entra ID provisioning endpoint ${ENDPOINT_WORDS[t.outcome]}. ${PROXY_NOTE}`,
    evidence,
  };
}
