// Entra Connect's automatic upgrade (issue 17): Get-ADSyncAutoUpgrade -Detail. Enabled and Disabled
// pass (Disabled is an admin's choice: the state is shown, nothing is wrong); Suspended warns with
// the reason as the server gave it, what it means (dated data, shared/domain/auto-upgrade.ts) and
// what takes it away. Pure: probe output in, verdict out.
import { AUTO_UPGRADE_CHECKED, AUTO_UPGRADE_SINCE, AUTO_UPGRADE_SOURCE, readAutoUpgradeReason, type AutoUpgradeReasonKind } from '../domain/auto-upgrade';
import type { AutoUpgradeStatus } from '../domain/host';
import { sourceLine } from '../domain/public-sources';
import { syncToolProfile } from '../domain/sync-tools';
import { checkToolSupported, type CheckResult } from './checks-method1';
import type { ProbeOutput } from './probes';
import type { Evidence } from './types';

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
const SOURCE = 'Get-ADSyncAutoUpgrade -Detail';
const STATE_WORDS: Record<NonNullable<AutoUpgradeStatus['state']>, string> = { enabled: 'Enabled', disabled: 'Disabled', suspended: 'Suspended' };

const KIND_WORDS: Record<AutoUpgradeReasonKind, string> = {
  aborted: 'Something passing stopped the attempt: it is tried again and should succeed once that is gone.',
  'not-supported': 'Microsoft expects a server in this state to be upgraded by hand.',
  undocumented: '',
};

/** Where an unexplained reason is told in more words: the upgrade's own events. */
const EVENT_LOG_HINT = 'The Application event log says more: filter it on the source "Microsoft Entra Connect Upgrade" and events 300 to 399.';

export function checkAutoUpgrade(o: ProbeOutput<'auto-upgrade'>): CheckResult {
  const a = o.autoUpgrade;
  const { generation } = o.tool.install;
  const evidence: Evidence[] = [ev('Automatic upgrade', a.state ? STATE_WORDS[a.state] : 'unknown', SOURCE)];
  if (a.suspensionReason) evidence.push(ev('Suspension reason', a.suspensionReason, SOURCE));
  if (generation !== 'entra-connect') {
    const label = syncToolProfile(generation)?.label ?? 'No sync tool';
    return { status: 'not-applicable', summary: `Only Entra Connect upgrades itself; ${label} has no automatic upgrade.`, evidence };
  }
  if (!a.available) {
    return {
      status: 'not-applicable',
      summary: a.problem ?? `This build has no automatic upgrade (Entra Connect has it from ${AUTO_UPGRADE_SINCE}).`,
      evidence,
    };
  }
  if (a.state === null && o.engineRunning === false) {
    return {
      status: 'unknown',
      cause: 'waits-for-earlier-step',
      summary: 'Automatic upgrade can only be read while the sync service runs: settle step 2 (the sync services are running) first.',
      evidence,
    };
  }
  if (a.state === null) return { status: 'unknown', summary: `The state of automatic upgrade could not be read: ${a.problem ?? 'no reason given'}.`, evidence };
  if (a.state === 'enabled') {
    return { status: 'pass', summary: 'Automatic upgrade is on: new Entra Connect builds released for it install themselves on this server.', evidence };
  }
  if (a.state === 'disabled') {
    return {
      status: 'pass',
      summary:
        "Automatic upgrade is turned off on this server. That is an admin's choice, not a fault: new builds are installed by hand with the installer from the Microsoft Entra admin center.",
      evidence,
    };
  }

  const reading = a.suspensionReason ? readAutoUpgradeReason(a.suspensionReason) : null;
  if (reading) {
    evidence.push(ev('What it means', reading.meaning, `${sourceLine(AUTO_UPGRADE_SOURCE)}, checked ${AUTO_UPGRADE_CHECKED}`));
    if (reading.change) evidence.push(ev('What takes it away', reading.change, `${sourceLine(AUTO_UPGRADE_SOURCE)}, checked ${AUTO_UPGRADE_CHECKED}`));
  }
  // One problem, one finding: when the version step already fails or warns, it asks for the same
  // manual upgrade with the same installer; a second finding would only repeat it. The reason is
  // still shown here, and once that upgrade is done this step judges the state on its own.
  const version = checkToolSupported(o.tool);
  if (version.status === 'fail' || version.status === 'warn') {
    return {
      status: 'not-applicable',
      summary: `Automatic upgrade is suspended${a.suspensionReason ? ` ("${a.suspensionReason}")` : ''}, but this build has to be upgraded by hand anyway: the step "The sync tool is a build Microsoft still accepts" asks for that upgrade. This step reads the state again after it.`,
      evidence,
    };
  }
  const why = reading
    ? `The server gives the reason "${reading.verbatim}": ${reading.meaning}. ${KIND_WORDS[reading.kind]}`
    : 'The server gives no reason (this build may not report one).';
  const next = !reading
    ? EVENT_LOG_HINT
    : reading.change
      ? `To let it upgrade itself again: ${reading.change}`
      : !reading.known
        ? EVENT_LOG_HINT
        : reading.kind === 'aborted'
          ? 'Microsoft names the manual upgrade as the remedy for it.'
          : 'It comes from how this server is set up, so expect to upgrade it by hand from now on.';
  // Aborted because the scheduler is off: a finding of its own id, listed under the scheduler's
  // (shared/findings/causes.ts), since turning the scheduler on is what takes it away.
  const schedulerOff = reading?.known?.id === 'UpgradeAbortedSyncCycleDisabled';
  return {
    status: 'warn',
    cause: schedulerOff ? 'auto-upgrade-suspended-scheduler-off' : 'auto-upgrade-suspended',
    severity: 'warning',
    fixable: false,
    summary:
      `Automatic upgrade is suspended: new Entra Connect builds will not install themselves on this server. ${why} ${next} Until then, upgrade it by hand with the installer from the Microsoft Entra admin center.`
        .replace(/\s+/g, ' ')
        .trim(),
    evidence,
  };
}
