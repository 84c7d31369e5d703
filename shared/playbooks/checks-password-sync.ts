// Password hash sync (issue 17; NOTES-windows §12.4, §7, §4): on for the tenant or not
// (Get-ADSyncAADCompanyFeature), a heartbeat per AD connector (event 654 every 30 minutes when idle;
// none for 3 hours = the channel is broken), the failures Microsoft names (611, 652, 655). Staging
// mode turns it off on that server; since 2.6.84.0 it no longer re-enables itself.
import { compareVersions } from '../domain/version-floors';
import type { EventRecord } from '../domain/host';
import { eventEvidence, type CheckResult } from './checks-method1';
import type { ProbeOutput } from './probes';
import type { Evidence } from './types';

export const HEARTBEAT_EVENT = 654;
export const PHS_FAILURE_EVENTS = [611, 652, 655] as const;
/** No heartbeat for this long: the password channel is broken. */
export const HEARTBEAT_LIMIT_MS = 3 * 3600_000;
/** From this build password hash sync no longer turns itself back on. */
export const NO_SELF_HEALING_FROM = '2.6.84.0';

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
const names = (e: EventRecord, connector: string) => e.message.toLowerCase().includes(connector.toLowerCase());

/** Per AD connector: its latest heartbeat (a 654 naming it; with one connector, any 654). */
export function heartbeatOf(o: ProbeOutput<'password-hash-sync'>, connector: string): EventRecord | null {
  const named = o.heartbeats.find((e) => names(e, connector));
  if (named) return named;
  // One AD connector: a heartbeat that names none is still its own.
  return o.state.adConnectors.length === 1 ? (o.heartbeats[0] ?? null) : null;
}

/** The AD connectors whose heartbeat is missing or older than 3 hours. */
export function silentConnectors(o: ProbeOutput<'password-hash-sync'>): string[] {
  const now = Date.parse(o.now);
  return o.state.adConnectors.filter((c) => {
    const beat = heartbeatOf(o, c);
    return !beat || now - Date.parse(beat.timeCreated) > HEARTBEAT_LIMIT_MS;
  });
}

function selfHealingNote(version: string | null): string {
  if (!version) return '';
  return (compareVersions(version, NO_SELF_HEALING_FROM) ?? -1) >= 0
    ? ` Since ${NO_SELF_HEALING_FROM} password hash sync no longer restarts itself after a failure: it stays stopped until someone acts.`
    : '';
}

export function checkPasswordHashSync(o: ProbeOutput<'password-hash-sync'>): CheckResult {
  const s = o.state;
  const evidence: Evidence[] = [
    ev('Password hash sync', s.enabled === null ? 'unknown' : s.enabled ? 'on for the tenant' : 'off', 'Get-ADSyncAADCompanyFeature (PasswordHashSync)'),
    ev('Staging mode', o.stagingMode === null ? 'unknown' : o.stagingMode ? 'on' : 'off', 'Get-ADSyncScheduler'),
  ];
  for (const c of s.adConnectors) {
    const beat = heartbeatOf(o, c);
    evidence.push(ev(`Heartbeat of ${c}`, beat ? `${beat.timeCreated}: ${beat.message}` : 'none in 24 hours', 'Application event log, event 654'));
  }
  o.failures.slice(0, 3).forEach((e) => evidence.push(eventEvidence(e)));
  if (o.generation !== 'aadsync' && o.generation !== 'entra-connect') {
    return { status: 'not-applicable', summary: 'This step reads password hash sync of AADSync and Entra Connect; no such tool is installed here.', evidence };
  }
  if (!s.available) return { status: 'not-applicable', summary: s.problem ?? 'This build has no password hash sync cmdlets.', evidence };
  if (s.enabled === null && o.engineRunning === false) {
    return {
      status: 'unknown',
      cause: 'waits-for-earlier-step',
      summary: 'Password hash sync can only be read while the sync service runs: settle step 2 (the sync services are running) first.',
      evidence,
    };
  }
  if (s.enabled === null) {
    return { status: 'unknown', summary: `Whether password hash sync is on could not be read: ${s.problem ?? 'no reason given'}.`, evidence };
  }
  if (!s.enabled) {
    return {
      status: 'not-applicable',
      summary: 'Password hash sync is not turned on for this tenant, so there is nothing to check (it is turned on in the configuration wizard).',
      evidence,
    };
  }
  if (o.stagingMode) {
    return {
      status: 'not-applicable',
      summary:
        'This server is in staging mode, which turns password hash sync off here: the active server sends the passwords. Its heartbeat is checked there.',
      evidence,
    };
  }
  if (!s.adConnectors.length) {
    return {
      status: 'unknown',
      summary: `The AD connectors could not be read, so their heartbeats cannot be judged: ${s.problem ?? 'no reason given'}.`,
      evidence,
    };
  }
  const silent = silentConnectors(o);
  const heal = selfHealingNote(o.version);
  if (silent.length) {
    return {
      status: 'fail',
      cause: 'password-hash-sync-stalled',
      severity: 'error',
      summary:
        `No password hash sync heartbeat (event 654) for more than 3 hours from ${silent.join(', ')}: password changes on-premises are not reaching Entra ID.${heal} ` +
        'A full password sync sends every password hash again and restarts the channel for that connector.',
      evidence,
      fixable: o.engineRunning === true,
    };
  }
  const latestBeat = Math.min(...s.adConnectors.map((c) => Date.parse(heartbeatOf(o, c)?.timeCreated ?? o.now)));
  const newer = o.failures.filter((e) => Date.parse(e.timeCreated) > latestBeat);
  if (newer.length) {
    return {
      status: 'warn',
      cause: 'password-hash-sync-errors',
      severity: 'warning',
      summary: `Password hash sync runs (heartbeat seen) but logged ${newer.map((e) => e.id).join(', ')} since: some passwords may not have been sent.${heal}`,
      evidence,
    };
  }
  return {
    status: 'pass',
    summary: `Password hash sync is on and every AD connector has a heartbeat within 3 hours (${s.adConnectors.join(', ')}).`,
    evidence,
  };
}
