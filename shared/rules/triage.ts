// The triage rules: from one snapshot of the sync server and the directory to a list of
// findings, worst first. Pure: the snapshot is gathered elsewhere, concurrently, each probe
// under its own timeout; a probe that failed becomes a finding of its own, never silence.
import type { AccountState, DeletedAccount } from '../domain/account';
import type { EventRecord, InstalledProgram, OsFacts, ServiceInfo, SyncEngineStatus } from '../domain/host';
import { syncEngineService, syncToolProfile } from '../domain/sync-tools';
import { KB, cite } from '../playbooks/kb-articles';
import type { Evidence } from '../playbooks/types';
import type { Finding, Severity } from './finding';
import { explainLogonFailure } from './logon-failure';
import { detectSyncTool } from './sync-tool';

export type Probed<T> = { ok: true; value: T } | { ok: false; error: string; timedOut: boolean };

export interface LogonAccountFacts {
  service: string;
  logonAccount: string;
  account: AccountState | null;
  deleted: DeletedAccount[];
}

/** DirSync's own directory account (MSOL_AD_SYNC), which must stay in the Users container. */
export interface SyncAccountFacts {
  sAMAccountName: string;
  expectedParentDn: string;
  /** null when the account does not exist. */
  dn: string | null;
  currentParentDn: string | null;
  moved: boolean;
  deleted: DeletedAccount[];
}

export interface TriageSnapshot {
  checkedAt: string;
  os: Probed<OsFacts>;
  programs: Probed<InstalledProgram[]>;
  services: Probed<ServiceInfo[]>;
  adfs: Probed<boolean>;
  syncStatus: Probed<SyncEngineStatus>;
  /** Application log, source Directory Synchronization, IDs 0 and 109. */
  dirsyncEvents: Probed<EventRecord[]>;
  /** System log, Service Control Manager 7000 / 7038. */
  scmEvents: Probed<EventRecord[]>;
  /** The directory's view of each sync service's domain logon account. */
  logonAccounts: Probed<LogonAccountFacts[]>;
  /** null when the installed tool has no such account (only DirSync does). */
  syncAccount: Probed<SyncAccountFacts | null>;
}

export const SNAPSHOT_PROBES = ['os', 'programs', 'services', 'adfs', 'syncStatus', 'dirsyncEvents', 'scmEvents', 'logonAccounts', 'syncAccount'] as const;
const PROBE_LABELS: Record<(typeof SNAPSHOT_PROBES)[number], string> = {
  os: 'operating system facts',
  programs: 'installed programs',
  services: 'sync services',
  adfs: 'AD FS presence',
  syncStatus: 'sync engine status',
  dirsyncEvents: 'Directory Synchronization events',
  scmEvents: 'service start failures',
  logonAccounts: 'service logon accounts in Active Directory',
  syncAccount: "the sync tool's directory account",
};

/** The account DirSync creates in CN=Users and reads the directory with (KB kit file 003). */
export const DIRSYNC_DIRECTORY_ACCOUNT = 'MSOL_AD_SYNC';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };
const DAY_MS = 24 * 3600_000;
const KB2882421 = 'kb2882421';

/** Accounts with no password in AD: built-in identities and local accounts of the server itself. */
export function isDomainLogonAccount(account: string, computerName: string | null): boolean {
  const a = account.trim().toLowerCase();
  if (a === 'localsystem' || a === 'localservice' || a === 'networkservice') return false;
  const [prefix] = a.split('\\');
  if (a.includes('\\') && (prefix === 'nt authority' || prefix === 'nt service' || prefix === '.' || prefix === computerName?.toLowerCase())) {
    return false;
  }
  return a.includes('\\') || a.includes('@');
}

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
const eventEvidence = (e: EventRecord): Evidence =>
  ev(`Event ${e.id} (${e.source})`, `${e.timeCreated}: ${e.message}`, `${e.log} event log`);

export function diagnose(s: TriageSnapshot): Finding[] {
  const findings: Finding[] = [];
  const add = (f: Finding) => findings.push(f);

  for (const key of SNAPSHOT_PROBES) {
    const p = s[key];
    if (!p.ok) {
      add({
        id: `probe-failed-${key}`,
        severity: 'warning',
        title: `Could not check ${PROBE_LABELS[key]}${p.timedOut ? ' (timed out)' : ''}`,
        cite: cite(KB.fixingDirSync),
        evidence: [ev('Error', p.error)],
        fixedBy: null,
      });
    }
  }

  const os = s.os.ok ? s.os.value : null;
  const services = s.services.ok ? s.services.value : [];
  const tool = s.programs.ok ? detectSyncTool(s.programs.value, services, os) : null;

  // Deprecated DirSync: 32-bit tool, or any tool that logs event 0 / 109 (KB kit 000, 001).
  const rejectEvents = s.dirsyncEvents.ok ? s.dirsyncEvents.value : [];
  const event0 = rejectEvents.filter((e) => e.id === 0);
  const event109 = rejectEvents.filter((e) => e.id === 109);
  if (tool && tool.generation === 'dirsync') {
    const article = event0.length && !event109.length ? KB.dirsync32Event0 : KB.dirsyncDeprecated;
    const evidence = [
      ev('Installed tool', `${tool.program?.displayName ?? tool.label} ${tool.program?.version ?? ''}`.trim(), 'installed programs'),
      ev('Bitness', tool.bitness === '32' ? '32-bit' : tool.bitness === '64' ? '64-bit' : 'unknown',
        tool.program?.registryView === '32' ? 'uninstall key under WOW6432Node' : os && !os.is64Bit ? '32-bit Windows' : 'uninstall key'),
      ...[...event109, ...event0].slice(0, 3).map(eventEvidence),
    ];
    add({
      id: tool.bitness === '32' ? 'dirsync-32bit-unsupported' : 'dirsync-deprecated',
      severity: rejectEvents.length || tool.bitness === '32' ? 'critical' : 'error',
      title: tool.bitness === '32'
        ? 'The 32-bit DirSync tool is installed: Microsoft no longer accepts its connections'
        : 'The deprecated DirSync tool is installed: upgrade to Entra Connect',
      cite: cite(article, 'Solution', null),
      evidence,
      fixedBy: { playbookId: 'dirsync-upgrade', stepId: null },
    });
  } else if (rejectEvents.length) {
    add({
      id: 'dirsync-rejected-events',
      severity: 'error',
      title: 'Events say a deprecated Directory Sync tool version is no longer supported',
      cite: cite(event109.length ? KB.dirsyncDeprecated : KB.dirsync32Event0, 'Problem', null),
      evidence: rejectEvents.slice(0, 3).map(eventEvidence),
      fixedBy: { playbookId: 'dirsync-upgrade', stepId: null },
    });
  }

  if (s.adfs.ok && s.adfs.value && tool && tool.generation !== 'none') {
    add({
      id: 'adfs-on-sync-server',
      severity: 'warning',
      title: 'AD FS is installed on the sync server',
      cite: cite(KB.installUpgrade, 'Install the Directory Sync tool', 'Caution'),
      evidence: [ev('AD FS', 'installed on this server', 'Windows features / services'), ev('Sync tool', tool.label, 'installed programs')],
      fixedBy: null,
    });
  }

  if (tool && tool.generation === 'none' && s.programs.ok && s.services.ok) {
    add({
      id: 'no-sync-tool',
      severity: 'warning',
      title: 'No directory sync tool is installed on this server',
      cite: cite(KB.installUpgrade),
      evidence: [ev('Installed programs', 'no DirSync, Azure AD Sync or Entra Connect entry', 'both registry views')],
      fixedBy: null,
    });
  }

  // KB 2882421 Method 1 step 2: the sync service.
  const expected = tool ? syncEngineService(tool.generation) : undefined;
  const engine = expected ? services.find((x) => x.name.toLowerCase() === expected.name.toLowerCase()) : undefined;
  if (expected && s.services.ok && !engine) {
    add({
      id: 'sync-service-missing',
      severity: 'critical',
      title: `The ${expected.displayName} service is not installed`,
      cite: cite(KB.syncStopped, 'Method 1', '2'),
      evidence: [ev('Service looked for', `${expected.displayName} (${expected.name})`, 'services')],
      fixedBy: null,
    });
  }
  const logonEvents = (s.scmEvents.ok ? s.scmEvents.value : []).filter(
    (e) => !!engine && (e.message.includes(` ${engine.name} `) || e.message.includes(engine.displayName)),
  );
  if (engine && engine.state !== 'running') {
    add({
      id: 'sync-service-stopped',
      severity: 'error',
      title: `${engine.displayName} is ${engine.state}: nothing is syncing`,
      cite: cite(KB.syncStopped, 'Method 1', '2'),
      evidence: [
        ev('State', engine.state, `service ${engine.name}`),
        ev('Start type', engine.startType, `service ${engine.name}`),
        ev('Logs on as', engine.logonAccount, `service ${engine.name}`),
        ...logonEvents.slice(0, 2).map(eventEvidence),
      ],
      fixedBy: { playbookId: KB2882421, stepId: 'm1-s2-sync-service-running' },
    });
  }

  // KB 2882421 Method 2: the service logon accounts.
  const profile = tool ? syncToolProfile(tool.generation) : undefined;
  for (const facts of s.logonAccounts.ok ? s.logonAccounts.value : []) {
    const serviceEvents = (s.scmEvents.ok ? s.scmEvents.value : []).filter((e) => e.message.includes(` ${facts.service} `));
    const why = explainLogonFailure(facts.logonAccount, facts.account, facts.deleted);
    const base = { evidence: [...why.evidence, ...serviceEvents.slice(0, 2).map(eventEvidence)] };
    const svcLabel = profile?.services.find((x) => x.name === facts.service)?.displayName ?? facts.service;
    switch (why.cause) {
      case 'deleted':
      case 'missing':
        add({ id: 'service-account-deleted', severity: 'critical', title: `The logon account of ${svcLabel} (${facts.logonAccount}) no longer exists in Active Directory`,
          cite: cite(KB.syncStopped, 'Method 2', '3'), ...base, fixedBy: { playbookId: KB2882421, stepId: null } });
        break;
      case 'disabled':
        add({ id: 'service-account-disabled', severity: 'critical', title: `The logon account of ${svcLabel} (${facts.logonAccount}) is disabled`,
          cite: cite(KB.syncStopped, 'Method 2', '4.2'), ...base, fixedBy: { playbookId: KB2882421, stepId: null } });
        break;
      case 'locked':
        add({ id: 'service-account-locked', severity: 'error', title: `The logon account of ${svcLabel} (${facts.logonAccount}) is locked out`,
          cite: cite(KB.syncStopped, 'Method 2', '4'), ...base, fixedBy: { playbookId: KB2882421, stepId: null } });
        break;
      case 'password-expired':
        add({ id: 'service-account-password-expired', severity: 'critical', title: `The password of ${facts.logonAccount} (logon account of ${svcLabel}) has expired`,
          cite: cite(KB.syncStopped, 'Method 2', '5'), ...base, fixedBy: { playbookId: KB2882421, stepId: null } });
        break;
      case 'password-mismatch':
        if (serviceEvents.some((e) => e.id === 7038)) {
          add({ id: 'service-account-password-mismatch', severity: 'critical', title: `${svcLabel} cannot log on as ${facts.logonAccount}: the password on the service no longer matches AD`,
            cite: cite(KB.syncStopped, 'Method 2', '5–6'), ...base, fixedBy: { playbookId: KB2882421, stepId: null } });
        }
        break;
    }
    if (facts.account && !facts.account.flags.passwordNeverExpires && !facts.account.flags.disabled) {
      add({ id: 'service-account-password-can-expire', severity: 'warning', title: `The password of ${facts.logonAccount} is set to expire; a sync service account's should not`,
        cite: cite(KB.syncStopped, 'Method 2', '4.1'), evidence: why.evidence, fixedBy: { playbookId: KB2882421, stepId: null } });
    }
  }

  // DirSync's directory account: removed or moved out of CN=Users breaks synchronization.
  if (s.syncAccount.ok && s.syncAccount.value) {
    const a = s.syncAccount.value;
    const caution = cite(KB.installUpgrade, 'Update the Directory Sync tool using a different computer', 'Caution');
    if (!a.dn) {
      add({ id: 'sync-account-missing', severity: 'critical', title: `The sync tool's directory account ${a.sAMAccountName} is missing`, cite: caution,
        evidence: [ev('Account search', `no account named ${a.sAMAccountName}`, 'Active Directory'),
          ...a.deleted.slice(0, 1).map((d) => ev('Deleted object', `${d.dn} (last known parent ${d.lastKnownParent ?? 'unknown'})`, 'Active Directory (Deleted Objects)'))],
        fixedBy: null });
    } else if (a.moved) {
      add({ id: 'sync-account-moved', severity: 'error', title: `The sync tool's directory account ${a.sAMAccountName} was moved out of the Users container`, cite: caution,
        evidence: [ev('Where it is', a.currentParentDn ?? 'unknown', 'Active Directory'), ev('Where it must be', a.expectedParentDn, 'install guidance')],
        fixedBy: null });
    }
  }

  // Sync engine: run in progress, or no successful run for a day.
  if (s.syncStatus.ok && s.syncStatus.value.generation !== 'none') {
    const st = s.syncStatus.value;
    if (st.runInProgress) {
      add({ id: 'sync-run-in-progress', severity: 'info', title: 'A synchronization run is in progress: wait for it before uninstalling or upgrading',
        cite: cite(KB.installUpgrade, 'Upgrade the Directory Sync tool', '1'), evidence: st.lastRun ? [ev('Last run', `${st.lastRun.profile} on ${st.lastRun.connector}: ${st.lastRun.result}`, 'run history')] : [], fixedBy: null });
    }
    const last = st.lastRun;
    const age = last ? Date.parse(s.checkedAt) - Date.parse(last.endTime ?? last.startTime) : Infinity;
    if (!st.runInProgress && (age > DAY_MS || (last && last.result !== 'success'))) {
      add({ id: 'no-recent-successful-sync', severity: 'error',
        title: last ? (last.result !== 'success' ? `The last sync run ended with "${last.result}"` : 'No sync run in more than a day') : 'No sync run is recorded',
        cite: cite(KB.syncStopped, 'Symptoms', null),
        evidence: last ? [ev('Last run', `${last.profile} on ${last.connector}: ${last.result}`, 'run history'), ev('Ended', last.endTime ?? 'still running', 'run history')] : [],
        fixedBy: { playbookId: KB2882421, stepId: null } });
    }
  }

  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** True when anything needs attention (the CLI's non-zero exit). */
export function needsAttention(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity !== 'info');
}
