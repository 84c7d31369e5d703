// The triage rules about what no playbook step checks: reject events with no deprecated tool
// found, AD FS beside (and the directory account of) a tool no upgrade playbook covers, no tool
// at all, a run in progress. A DirSync or AADSync install is the upgrade playbooks' to report. Everything a
// step checks (services, scheduler, runs, logon accounts, ...) is reported by running that
// step's own check (electron/triage/step-checks.ts): one truth, never restated here.
// Pure: the snapshot is gathered elsewhere, concurrently, each probe under its own timeout; a
// probe that failed becomes a finding of its own, never silence.
import type { DeletedAccount } from '../domain/account';
import type { EventRecord, InstalledProgram, OsFacts, ServiceInfo, SyncEngineStatus } from '../domain/host';
import { KB, cite } from '../playbooks/kb-articles';
import { KB2882421_ID, STEP } from '../playbooks/kb2882421-ids';
import type { Evidence } from '../playbooks/types';
import type { Finding, Severity } from './finding';
import { detectSyncTool } from './sync-tool';

export type Probed<T> = { ok: true; value: T } | { ok: false; error: string; timedOut: boolean };

/**
 * The sync tool's AD connector account: MSOL_AD_SYNC on early DirSync builds, MSOL_<12 hex> on
 * later ones (found in CN=Users); on Connect, the AD connector's forest-login-user.
 * DirSync's must stay in the Users container (`moved`); Connect's may live anywhere.
 */
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
  /** null when the installed tool has no such account to check. */
  syncAccount: Probed<SyncAccountFacts | null>;
}

export const SNAPSHOT_PROBES = ['os', 'programs', 'services', 'adfs', 'syncStatus', 'dirsyncEvents', 'syncAccount'] as const;
const PROBE_LABELS: Record<(typeof SNAPSHOT_PROBES)[number], string> = {
  os: 'operating system facts',
  programs: 'installed programs',
  services: 'sync services',
  adfs: 'AD FS presence',
  syncStatus: 'sync engine status',
  dirsyncEvents: 'Directory Synchronization events',
  syncAccount: "the sync tool's directory account",
};

/** The account early DirSync builds create in CN=Users and read the directory with (KB kit file 003). */
export const DIRSYNC_DIRECTORY_ACCOUNT = 'MSOL_AD_SYNC';
/** Later DirSync builds and Connect express installs name it MSOL_ and 12 hex digits (NOTES-windows.md §3). */
export const MSOL_ACCOUNT_NAME = /^MSOL_(AD_SYNC|[0-9a-f]{12})$/i;

/**
 * Events 0 and 109 of "Directory Synchronization" are generic (credential and internal errors on
 * Connect too): they mean "this tool is no longer accepted" only with that text (NOTES §7).
 */
export const NO_LONGER_SUPPORTED = /no longer supported/i;

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };
/** The step that explains a retired tool and guides the upgrade. */
const UPGRADE_STEP = { playbookId: KB2882421_ID, stepId: STEP.toolSupported };

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

  // Events 0 / 109 with no deprecated tool found (KB kit 000, 001). A found DirSync or AADSync
  // is reported by the upgrade playbooks' own steps (path, account, AD FS): one truth.
  const rejectEvents = (s.dirsyncEvents.ok ? s.dirsyncEvents.value : []).filter((e) => NO_LONGER_SUPPORTED.test(e.message));
  const event109 = rejectEvents.filter((e) => e.id === 109);
  const deprecated = tool?.generation === 'dirsync' || tool?.generation === 'aadsync';
  if (!deprecated && rejectEvents.length) {
    add({
      id: 'dirsync-rejected-events',
      severity: 'error',
      title: 'Events say a deprecated Directory Sync tool version is no longer supported',
      cite: cite(event109.length ? KB.dirsyncDeprecated : KB.dirsync32Event0, 'Problem', null),
      evidence: rejectEvents.slice(0, 3).map(eventEvidence),
      fixedBy: UPGRADE_STEP,
    });
  }

  if (s.adfs.ok && s.adfs.value && tool && tool.generation !== 'none' && !deprecated) {
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

  // The AD connector account: removed or moved breaks synchronization. For DirSync and AADSync the
  // upgrade playbooks' account step reports it (with its fix); this rule covers the other tools.
  if (s.syncAccount.ok && s.syncAccount.value && !deprecated) {
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
  }

  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** True when anything needs attention (the CLI's non-zero exit). */
export function needsAttention(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity !== 'info');
}
