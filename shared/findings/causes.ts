// Cause before symptom, as data. A row says: while the cause finding holds (its step's check
// fails with that cause), the symptom findings follow from it. Three things read this one table:
// the diagnosis (a symptom carries `causedBy` and is listed under its root cause), the step of a
// symptom (it sends the admin to the cause's step instead of offering its own fix), and the fix
// planner (no plan for a symptom while a blocking cause holds: that fix must fail).
// Each row names where the fact comes from: `notes` is the section of the kit's NOTES-windows.md
// it was read from (internal, never shown), `source` the public page the app shows.
import { SOURCES, type PublicSource } from '../domain/public-sources';
import { KB2882421_ID, STEP } from '../playbooks/kb2882421-ids';
import type { Verdict } from '../playbooks/types';
import type { Finding, Severity } from './finding';

/** A finding as its step names it: the step (KB 2882421) and the cause id its check reports. */
export interface FindingRef {
  stepId: string;
  findingIds: readonly string[];
}

export interface CauseRow {
  id: string;
  cause: FindingRef;
  symptoms: readonly FindingRef[];
  /**
   * true: the symptom's own fix must fail while the cause holds (a cycle that cannot reach Entra
   * ID, a service whose account cannot sign in), so it is not offered. false: the symptom still
   * follows from the cause and is listed under it, but its own fix would work for now.
   */
  blocksFix: boolean;
  /** Why, in the app's words: shown on the symptom's step and in the CLI's refusal. */
  because: string;
  /** The section of NOTES-windows.md this row was read from (internal). */
  notes: string;
  source: PublicSource;
  /** When the row was checked against its source. */
  checked: string;
}

/** The sync runs that fail or go stale: a failed run, no recent success. */
const RUNS: FindingRef = { stepId: STEP.syncRuns, findingIds: ['sync-run-failed', 'no-recent-successful-sync'] };
/** The services that do not run: stopped, or a start refused with 1069. */
const SERVICES: FindingRef = { stepId: STEP.servicesRunning, findingIds: ['sync-service-stopped', 'service-logon-failed'] };

export const CAUSES: readonly CauseRow[] = [
  {
    id: 'logon-changed-hides-certificate',
    cause: { stepId: STEP.logonKind, findingIds: ['service-logon-changed', 'service-logon-localsystem'] },
    symptoms: [{ stepId: STEP.appCertificate, findingIds: ['app-certificate-logon-changed'] }],
    blocksFix: false,
    because:
      'The application sign-in certificate is kept in the store of the account the sync service was installed with: with another logon account the service cannot find it. Putting the original logon back settles both.',
    notes: "NOTES-windows.md §12.4 (the certificate sits in the ADSync service account's own store), §2 (changing the logon account)",
    source: SOURCES.appAuth,
    checked: '2026-12-06',
  },
  {
    id: 'app-certificate-expired-stops-runs',
    cause: { stepId: STEP.appCertificate, findingIds: ['app-certificate-expired'] },
    symptoms: [{ stepId: STEP.cloudAccount, findingIds: ['cloud-account-sign-in-failed'] }, RUNS],
    blocksFix: true,
    because: 'The Entra connector signs in with an expired certificate, so Entra ID refuses it and its import and export fail until a new certificate is made.',
    notes: 'NOTES-windows.md §12.4 (1012: the application-auth certificate expired), §8 (Entra connector credential: stopped-extension-dll-exception)',
    source: SOURCES.appAuth,
    checked: '2026-12-06',
  },
  {
    id: 'database-full-stops-engine',
    cause: { stepId: STEP.database, findingIds: ['sync-database-full'] },
    symptoms: [{ stepId: STEP.servicesRunning, findingIds: ['sync-service-stopped'] }],
    blocksFix: true,
    because: 'The sync database is full (LocalDB stops at 10 GB): the service starts, cannot write, and stops again until room is made in the database.',
    notes: 'NOTES-windows.md §12.3 (LocalDB 10 GB: event 6323 and a service that cannot start), §8 (LocalDB full row)',
    source: SOURCES.localDb,
    checked: '2026-12-06',
  },
  {
    id: 'tls-off-stops-every-connection',
    cause: { stepId: STEP.tls, findingIds: ['tls12-disabled-in-windows', 'tls12-not-enforced'] },
    symptoms: [{ stepId: STEP.endpoint, findingIds: ['endpoint-unreachable'] }, RUNS],
    blocksFix: true,
    because: 'Without TLS 1.2 the server cannot open a connection to Entra ID, so no run can reach it until TLS 1.2 is on.',
    notes: 'NOTES-windows.md §8 (TLS 1.2 row), §12.2 (enforcement only for 2.3.20.0-2.4.129.0)',
    source: SOURCES.tlsEnforcement,
    checked: '2026-12-06',
  },
  {
    id: 'endpoint-blocked-stops-runs',
    cause: { stepId: STEP.endpoint, findingIds: ['endpoint-unreachable'] },
    symptoms: [RUNS],
    blocksFix: true,
    because: 'The Entra ID provisioning endpoint cannot be reached (blocked, or the proxy asks for sign-in), so every run that talks to Entra ID fails.',
    notes: 'NOTES-windows.md §8 (Proxy / endpoints row: 403 blocked, 407 proxy auth), §12.3 (machine.config proxy)',
    source: SOURCES.connectivity,
    checked: '2026-12-06',
  },
  {
    id: 'retired-build-refused',
    cause: { stepId: STEP.toolSupported, findingIds: ['sync-tool-retired'] },
    symptoms: [RUNS],
    blocksFix: true,
    because: 'Entra ID refuses sync from a retired build: no cycle succeeds until the tool is upgraded.',
    notes: 'NOTES-windows.md §8 (Connect 1.x stopped 1 Oct 2023; 2.x below the floor), §12.1 (dated floors)',
    source: SOURCES.versionHistory,
    checked: '2026-12-06',
  },
  {
    id: 'cloud-credential-invalid-stops-runs',
    cause: { stepId: STEP.cloudAccount, findingIds: ['cloud-account-sign-in-failed'] },
    symptoms: [RUNS],
    blocksFix: true,
    because: 'The Entra connector cannot sign in to Entra ID, so its import and export fail until its credential works again.',
    notes: 'NOTES-windows.md §8 (Entra connector credential row: stopped-extension-dll-exception / stopped-server-down)',
    source: SOURCES.serviceAccountPassword,
    checked: '2026-12-06',
  },
  {
    id: 'scheduler-suspended-rejects-cycles',
    cause: { stepId: STEP.scheduler, findingIds: ['scheduler-suspended'] },
    symptoms: [RUNS],
    blocksFix: true,
    because: 'The scheduler is suspended (the configuration wizard is open, or an upgrade did not finish): no cycle starts until it is resumed.',
    notes: 'NOTES-windows.md §4 (Get-ADSyncScheduler: SchedulerSuspended), §8 (Scheduler off / suspended row)',
    source: SOURCES.scheduler,
    checked: '2026-12-06',
  },
  {
    id: 'scheduler-off-no-cycles',
    cause: { stepId: STEP.scheduler, findingIds: ['scheduler-disabled'] },
    symptoms: [{ stepId: STEP.syncRuns, findingIds: ['no-recent-successful-sync'] }],
    // A cycle started by hand still runs; only the schedule is off.
    blocksFix: false,
    because: 'The scheduler is off, so no cycle runs by itself: a cycle started by hand works once, but sync stays stale until the scheduler is on.',
    notes: 'NOTES-windows.md §4 (Set-ADSyncScheduler -SyncCycleEnabled), §8 (Scheduler off / suspended row)',
    source: SOURCES.scheduler,
    checked: '2026-12-06',
  },
  {
    id: 'scheduler-off-aborts-auto-upgrade',
    cause: { stepId: STEP.scheduler, findingIds: ['scheduler-disabled'] },
    symptoms: [{ stepId: STEP.autoUpgrade, findingIds: ['auto-upgrade-suspended-scheduler-off'] }],
    // Its own step asks for the same change (the scheduler on) and an upgrade by hand meanwhile: nothing there must fail.
    blocksFix: false,
    because:
      'Automatic upgrade is aborted while the scheduler is off (UpgradeAbortedSyncCycleDisabled): turning the scheduler on lets the next attempt run; until it succeeds, upgrade by hand.',
    notes: 'NOTES-windows.md §4 (Get-ADSyncAutoUpgrade -Detail: Suspended + reason), §8 (Scheduler off / suspended row; Auto-upgrade suspended row)',
    source: SOURCES.autoUpgrade,
    checked: '2026-12-06',
  },
  {
    id: 'account-cannot-sign-in-1069',
    cause: {
      stepId: STEP.enabled,
      findingIds: ['service-account-disabled', 'service-account-locked'],
    },
    symptoms: [SERVICES],
    blocksFix: true,
    because: 'The services log on with an account that cannot sign in, so Windows refuses to start them (error 1069) until the account is fixed.',
    notes: 'NOTES-windows.md §2 (symptoms of a logon that fails: 1069, 7038; locked, expired, disabled), §7 (Service Control Manager 7038/7000)',
    source: SOURCES.serviceStart,
    checked: '2026-12-06',
  },
  {
    id: 'account-password-cannot-sign-in-1069',
    cause: { stepId: STEP.password, findingIds: ['service-account-password-expired', 'service-account-password-mismatch'] },
    symptoms: [SERVICES],
    blocksFix: true,
    because:
      'The services log on with a password that no longer works (expired, or changed on the account only), so Windows refuses to start them (error 1069) until it is reset on the account and the services.',
    notes: 'NOTES-windows.md §2 (wrong or expired password: 1069, 7038), §7 (Service Control Manager 7038)',
    source: SOURCES.serviceAccountPassword,
    checked: '2026-12-06',
  },
  {
    id: 'account-deleted-1069',
    cause: { stepId: STEP.accountExists, findingIds: ['service-account-deleted', 'service-account-missing'] },
    symptoms: [SERVICES],
    blocksFix: true,
    because: 'The services log on with an account that no longer exists, so Windows refuses to start them (error 1069).',
    notes: 'NOTES-windows.md §2 (1069 when the logon cannot sign in), §7 (7038)',
    source: SOURCES.serviceStart,
    checked: '2026-12-06',
  },
  {
    id: 'logon-changed-key-unreadable',
    cause: { stepId: STEP.logonKind, findingIds: ['service-logon-changed', 'service-logon-localsystem'] },
    symptoms: [{ stepId: STEP.servicesRunning, findingIds: ['sync-key-unreadable'] }],
    blocksFix: true,
    because:
      'The sync service runs as another account than the one it was installed with, so it cannot read its encryption key (event 6028) until the original logon is put back.',
    notes: 'NOTES-windows.md §2 (changing the logon account breaks the DPAPI-protected key; put back the original)',
    source: SOURCES.serviceAccount,
    checked: '2026-12-06',
  },
];

const matches = (ref: FindingRef, stepId: string, findingId: string | undefined) =>
  ref.stepId === stepId && findingId !== undefined && ref.findingIds.includes(findingId);

/** The rows in which a finding (by its step and id) is a symptom. */
export function causeRowsFor(stepId: string, findingId: string | undefined): CauseRow[] {
  return CAUSES.filter((r) => r.symptoms.some((s) => matches(s, stepId, findingId)));
}

/** The steps whose verdicts decide whether a symptom of this step follows from a cause. */
export function causeStepsOf(stepId: string): string[] {
  return [...new Set(CAUSES.filter((r) => r.symptoms.some((s) => s.stepId === stepId)).map((r) => r.cause.stepId))];
}

export interface HeldCause {
  row: CauseRow;
  /** The cause's finding id as its step reports it now. */
  findingId: string;
  stepId: string;
  /** The cause's own summary, for the words. */
  summary: string;
}

const failing = (v: Pick<Verdict, 'status'>) => v.status === 'fail' || v.status === 'warn';

/**
 * The causes that hold now for a failing verdict of a step, from the current verdicts of the
 * cause steps (step id → verdict). A verdict that is not failing has no cause.
 */
export function causesHolding(
  stepId: string,
  verdict: Pick<Verdict, 'status' | 'cause'>,
  causeVerdicts: ReadonlyMap<string, Pick<Verdict, 'status' | 'cause' | 'summary'>>,
): HeldCause[] {
  if (!failing(verdict)) return [];
  const out: HeldCause[] = [];
  for (const row of causeRowsFor(stepId, verdict.cause)) {
    const v = causeVerdicts.get(row.cause.stepId);
    if (v && failing(v) && v.cause && row.cause.findingIds.includes(v.cause)) {
      out.push({ row, findingId: v.cause, stepId: row.cause.stepId, summary: v.summary });
    }
  }
  return out;
}

/** Of the causes that hold, the first whose row blocks the symptom's fix; null when the fix may be offered. */
export function blockingCause(held: readonly HeldCause[]): HeldCause | null {
  return held.find((h) => h.row.blocksFix) ?? null;
}

const ORDER: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };
const stepOf = (f: Finding) => (f.fixedBy?.playbookId === KB2882421_ID ? f.fixedBy.stepId : null);

/** The finding a present finding follows from directly, by the table; null for none. */
function directCause(f: Finding, byId: ReadonlyMap<string, Finding>): Finding | null {
  const stepId = stepOf(f);
  if (!stepId) return null;
  for (const row of causeRowsFor(stepId, f.id)) {
    for (const id of row.cause.findingIds) {
      const c = byId.get(id);
      if (c && c !== f && stepOf(c) === row.cause.stepId) return c;
    }
  }
  return null;
}

/**
 * Cause before symptom: every finding that follows from another present finding carries
 * `causedBy` (its root cause: the first in the chain that follows from nothing present), and the
 * list is ordered root causes first (ranked by the worst finding each brings about, then its own
 * severity), each followed by the findings it causes (by severity).
 */
export function orderByCause(findings: readonly Finding[]): Finding[] {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const rootOf = (f: Finding): Finding => {
    const seen = new Set<Finding>([f]);
    let at = f;
    for (let c = directCause(at, byId); c && !seen.has(c); c = directCause(at, byId)) {
      seen.add(c);
      at = c;
    }
    return at;
  };
  const bySeverity = <T extends Finding>(list: T[]) =>
    list
      .map((f, i) => ({ f, i }))
      .sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i)
      .map((x) => x.f);
  const withRoot = findings.map((f) => {
    const root = rootOf(f);
    return root === f ? { ...f, causedBy: null } : { ...f, causedBy: root.id };
  });
  // A root ranks by the worst it brings about (TLS off that blocks every connection is as bad as that).
  const worst = (root: Finding) => Math.min(...withRoot.filter((f) => f === root || f.causedBy === root.id).map((f) => ORDER[f.severity]));
  const roots = withRoot
    .filter((f) => !f.causedBy)
    .map((f, i) => ({ f, i, w: worst(f) }))
    .sort((a, b) => a.w - b.w || ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
  const out: Finding[] = [];
  for (const r of roots) out.push(r, ...bySeverity(withRoot.filter((f) => f.causedBy === r.id)));
  return out;
}
