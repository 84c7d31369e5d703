// KB 2882421 checks about the server around the sync tool: is a tool installed at all, does AD FS
// share the server with Connect, does the account Connect's AD connector signs in with still
// exist where it belongs. Each failing verdict names its cause (the finding's id) and says what
// the app can do, or exactly why it cannot and what to do instead. Pure.
import { SOURCES, sourceLine } from '../domain/public-sources';
import { syncToolProfile } from '../domain/sync-tools';
import { eventEvidence, type CheckResult } from './checks-method1';
import type { AdConnectorAccountProbe, AdfsProbe, SyncToolProbe } from './probes';
import type { Evidence } from './types';

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });

export function checkToolInstalled(o: SyncToolProbe): CheckResult {
  const { install } = o;
  const events = o.rejectEvents.slice(0, 3).map(eventEvidence);
  if (install.generation !== 'none') {
    const label = syncToolProfile(install.generation)?.label ?? install.generation;
    return {
      status: 'pass',
      summary: `${label} is installed on this server.`,
      evidence: [ev('Sync tool', `${install.displayName ?? label} ${install.version ?? ''}`.trim(), 'uninstall entries and services')],
    };
  }
  const evidence = [
    ev(
      'Installed programs',
      'no DirSync, Azure AD Sync or Entra Connect entry, and none of their services',
      'uninstall entries (both registry views), services',
    ),
    ...events,
  ];
  if (events.length) {
    return {
      status: 'fail',
      cause: 'dirsync-rejected-events',
      severity: 'error',
      summary:
        'Events of the last 7 days say the service refused a deprecated sync tool, and no sync tool is installed here now: nothing syncs from this server. Install Microsoft Entra Connect Sync (the checklist below).',
      evidence,
    };
  }
  return {
    status: 'fail',
    cause: 'no-sync-tool',
    severity: 'warning',
    summary:
      'No directory sync tool is installed on this server, so nothing here syncs to Entra ID. If this is the server that should sync, install Microsoft Entra Connect Sync (the checklist below); otherwise run the app on the server that syncs.',
    evidence,
  };
}

export function checkAdfsApart(o: AdfsProbe): CheckResult {
  const evidence = [ev('AD FS', o.adfs ? 'installed on this server' : 'not installed', 'Windows features, the adfssrv service, AD FS 2.0 uninstall entry')];
  if (o.generation === 'none') return { status: 'not-applicable', summary: 'No directory sync tool is installed on this server.', evidence };
  // DirSync and AADSync: the upgrade playbooks' prerequisite step says it, for the new tool's server.
  if (o.generation !== 'entra-connect')
    return { status: 'not-applicable', summary: 'The upgrade playbook for this tool checks AD FS as a prerequisite of the new server.', evidence };
  if (!o.adfs) return { status: 'pass', summary: 'AD FS is not installed on this server.', evidence };
  // Only the DirSync-era install article forbade the sync tool beside AD FS; Microsoft's current
  // Entra Connect pages have no such rule, so this is information, never a finding or a move.
  evidence.push(
    ev(
      'Rule',
      'only the DirSync-era install article kept the sync tool off an AD FS server; Entra Connect has no such rule',
      sourceLine(SOURCES.prerequisites),
    ),
  );
  return {
    status: 'pass',
    summary:
      'AD FS runs on this server too. That is allowed for Entra Connect (only DirSync had to stay apart from AD FS); both are Tier 0 systems, so protect this server as one.',
    evidence,
  };
}

export function checkAdConnectorAccount(o: AdConnectorAccountProbe): CheckResult {
  if (o.generation !== 'entra-connect')
    return { status: 'not-applicable', summary: "Only Entra Connect names its AD connector account in the connector's parameters.", evidence: [] };
  const user = o.inUse?.user;
  if (!o.inUse || !user) {
    return { status: 'unknown', summary: `The AD connector's account could not be read on the server: ${o.inUseProblem ?? 'no reason given'}`, evidence: [] };
  }
  const who = `${o.inUse.domain ? `${o.inUse.domain}\\` : ''}${user}`;
  if (!o.connected) return { status: 'unknown', summary: o.problem ?? "Connect to Active Directory to check the AD connector's account.", evidence: [] };
  const evidence: Evidence[] = [
    ev('AD connector', `signs in as ${who}`, "the connector's forest-login-user and forest-login-domain, read on the server"),
    ...o.accounts.map((a) => ev(a.sAMAccountName, a.dn, 'Active Directory')),
    ...(o.accounts[0]?.moved && o.expectedParentDn ? [ev('Where the installer made it', o.expectedParentDn, sourceLine(SOURCES.accounts))] : []),
    ...o.deleted
      .slice(0, 3)
      .map((d) =>
        ev(
          `${d.sAMAccountName} (deleted)`,
          `${d.dn}, last known parent ${d.lastKnownParent ?? 'unknown'}, deleted ${d.whenChanged ?? 'at an unknown time'}`,
          'Active Directory, Deleted Objects',
        ),
      ),
  ];
  const current = o.accounts[0];
  if (current?.moved) {
    // Connect's AD connector signs in by account name and domain: a move (into a Tier-0 OU, say)
    // does not break it. Only DirSync needed its account in CN=Users (its upgrade playbook says so).
    return {
      status: 'pass',
      summary: `${current.sAMAccountName}, the AD connector's account, exists (${current.parentDn}). It is no longer in the Users container where the installer made it; Entra Connect signs in by account name, so that does not affect sync.`,
      evidence,
    };
  }
  if (current) return { status: 'pass', summary: `${current.sAMAccountName}, the AD connector's account, exists (${current.parentDn}).`, evidence };
  if (o.deleted.length) {
    return {
      status: 'fail',
      cause: 'sync-account-missing',
      severity: 'critical',
      summary: `${user}, the account the AD connector signs in with, was deleted: nothing is read from Active Directory until it is restored from the deleted objects.`,
      evidence,
    };
  }
  return {
    status: 'fail',
    cause: 'sync-account-missing',
    severity: 'critical',
    fixable: false,
    summary:
      `${user}, the account the AD connector signs in with, does not exist and is not among the deleted objects, so the app cannot bring it back. ` +
      "Run the Entra Connect configuration wizard and give the AD forest's connector an account again (an existing one with the permissions it needs, or one the wizard creates).",
    evidence,
  };
}
