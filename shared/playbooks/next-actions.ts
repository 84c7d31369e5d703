// What the admin does next when a step explains a problem the app cannot change itself: the
// exact change (command, setting, where), then "I did it: check again", which re-reads the facts.
// Keyed by the cause a check names (or, for steps whose verdicts carry no cause, by the step).
// Every step ends in something to do: a fix, a route to the step that settles it, or one of these.
//
// `lab` names what the lab's simulated server changes when the admin says it is done (lab mode
// only; electron/lab/lab-admin.ts): the same facts the admin's action changes on a real server.
// On a real server nothing is simulated: the attestation is recorded and the check reads the server.
import type { ManualStep, PlaybookStep, Verdict } from './types';

/** The admin's actions the lab can play (electron/lab/lab-admin.ts), one per kind of change on the server. */
export const LAB_ADMIN_ACTIONS = [
  'grant-logon-right',
  'abandon-encryption-key',
  'purge-run-history',
  'turn-staging-mode-off',
  'close-configuration-wizard',
  'open-proxy-to-entra',
  'release-deletions',
  'upgrade-connect',
  'install-connect',
  'reset-cloud-password',
  'remove-adfs',
  'install-dotnet',
  'enable-tls12',
  'settle-auto-upgrade',
  'renew-app-certificate',
] as const;
export type LabAdminAction = (typeof LAB_ADMIN_ACTIONS)[number];

export interface NextAction extends ManualStep {
  /** What the lab applies when the admin attests it (lab mode only); absent: the lab only checks again. */
  lab?: LabAdminAction;
}

/** The button of every next action: the admin says the change is made, the app reads the facts again. */
export const CHECK_AGAIN = 'I did it: check again';

const ADMIN_PS = 'in PowerShell run as administrator on this server';

/** By cause (Verdict.cause). */
/** Automatic upgrade suspended: take the reason away, upgrade by hand, turn it back on (or record Disabled). */
const SETTLE_AUTO_UPGRADE: NextAction = {
  instructions: [
    'If the step above says what takes the reason away, change that first (close the window, free the disk, turn the setting back on, as it says).',
    'Upgrade by hand now: download the current Microsoft Entra Connect Sync installer from the Microsoft Entra admin center (Identity > Hybrid management > Microsoft Entra Connect > Connect Sync) and run it on this server; it upgrades in place and keeps the configuration.',
    `Then turn automatic upgrade back on: Set-ADSyncAutoUpgrade -AutoUpgradeState Enabled ${ADMIN_PS}. Only the system sets Suspended: if the reason is still there, it suspends it again at its next attempt.`,
    'If the reason is the way this server is set up and that stays (a full SQL Server, a custom installation), record that choice instead: Set-ADSyncAutoUpgrade -AutoUpgradeState Disabled, and upgrade by hand whenever a new build is released.',
  ],
  attestLabel: CHECK_AGAIN,
  lab: 'settle-auto-upgrade',
};

const BY_CAUSE: Readonly<Record<string, NextAction>> = {
  'service-logon-right-missing': {
    instructions: [
      'Find the policy that sets the right: in a command prompt run as administrator, run gpresult /H %TEMP%\\gp.html and open the report; look for "Log on as a service" under Computer Configuration > Windows Settings > Security Settings > Local Policies > User Rights Assignment. A domain Group Policy (shown as the winning GPO) overrides the local one.',
      'Add the sync service\'s logon account (shown above) to "Log on as a service" in that policy: in Group Policy Management for a domain GPO, otherwise in Local Security Policy (secpol.msc). While there, check that "Log on as a batch job" and "Allow log on locally" do not leave it out either.',
      `Apply the policy and start the service: gpupdate /force, then Start-Service ADSync ${ADMIN_PS} (DirSync: start its services in services.msc).`,
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'grant-logon-right',
  },
  'sync-key-unreadable': {
    instructions: [
      'First look at "The sync service logs on as a supported account" (Method 2, step 2): if it says the logon account was changed, put the original back there. The key belongs to the account the tool was installed with and comes back with it; nothing below is needed then.',
      "If the account was never changed, the key itself is lost (on builds of March 2017 and older, resetting the service account's password makes Windows destroy it). Microsoft's key management tool abandons the lost key: in a command prompt run as administrator, in the sync engine's Bin folder (C:\\Program Files\\Microsoft Azure AD Sync\\Bin), run miiskmu.exe /a.",
      "What that destroys: every secret the engine keeps encrypted, that is the AD connector account's password and the Entra connector's sign-in. So, afterwards: Start-Service ADSync; enter the AD connector account's password again (Synchronization Service Manager > Connectors > the AD connector > Properties > Connect to Active Directory Forest); renew the Entra sign-in with Add-ADSyncAADServiceAccount, or the configuration wizard.",
      'Call Microsoft (a support request in the Microsoft Entra admin center, Help + support) if miiskmu.exe is not in that folder, if it refuses, or if the service still logs event 6028 afterwards: the app has no further step that is safe for the sync database.',
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'abandon-encryption-key',
  },
  'sync-database-full': {
    instructions: [
      `Make room in the sync database (LocalDB stops at 10 GB): Start-ADSyncPurgeRunHistory -PurgeRunHistoryInterval 2.00:00:00 ${ADMIN_PS} clears run history older than two days.`,
      'Keep it from filling again: shorten the history kept (Set-ADSyncScheduler -PurgeRunHistoryInterval 2.00:00:00), or move the sync database to a full SQL Server if this tenant has that many objects.',
      'Then run a sync: Start-ADSyncSyncCycle -PolicyType Delta, and wait until the Export of the Entra ID connector has finished (Synchronization Service Manager > Operations).',
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'purge-run-history',
  },
  'staging-mode': {
    instructions: [
      'Only if this server should be the one that exports (the other server is in staging mode or gone): on this server open the Microsoft Entra Connect configuration wizard (desktop icon "Azure AD Connect").',
      'Choose "Configure staging mode", sign in as a Hybrid Identity Administrator, clear "Enable staging mode", and keep "Start the synchronization process when configuration completes" checked.',
      'If this is a standby server, leave it as it is: staging mode is right for it, and there is nothing to change.',
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'turn-staging-mode-off',
  },
  'scheduler-suspended': {
    instructions: [
      "Look on this server's desktop (every signed-in admin's session) for an open Microsoft Entra Connect configuration wizard: finish it or press Exit. Closing it resumes the scheduler.",
      'If no wizard is open, an upgrade is running or stopped halfway: let it finish, or run the current installer again to complete it (Microsoft Entra admin center > Identity > Hybrid management > Microsoft Entra Connect).',
      'Do not set SchedulerSuspended yourself (Set-ADSyncScheduler): Microsoft does not support that.',
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'close-configuration-wizard',
  },
  'auto-upgrade-suspended': SETTLE_AUTO_UPGRADE,
  // Aborted while the scheduler was off: the same action (the scheduler is the change that takes the reason away).
  'auto-upgrade-suspended-scheduler-off': SETTLE_AUTO_UPGRADE,
  'endpoint-unreachable': {
    instructions: [
      'If the answer above is a TLS handshake failure, settle "TLS 1.2 is enforced" first.',
      "403 (blocked): on the proxy, allow this server to reach *.microsoftonline.com and *.microsoft.com (and the CRL and OCSP addresses of Microsoft's certificates) without inspection.",
      '407 (proxy authentication): the sync engine cannot sign in to a proxy. Let this server through without authentication, by its address, on the proxy.',
      'Set the proxy where the sync service reads it: the <system.net><defaultProxy> section of machine.config in C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config (not miiserver.exe.config, which an upgrade overwrites), then Restart-Service ADSync.',
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'open-proxy-to-entra',
  },
  'sync-service-missing': {
    instructions: [
      'The sync tool is installed but its service is not: run the current Microsoft Entra Connect installer on this server (Microsoft Entra admin center > Identity > Hybrid management > Microsoft Entra Connect); it repairs the installation and keeps the configuration.',
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'upgrade-connect',
  },
  'entra-connector-missing': {
    instructions: [
      'Open the Microsoft Entra Connect configuration wizard on this server and sign in as a Hybrid Identity Administrator: it sets up the Entra ID connector the sync tool needs. If it cannot, run the current installer again (Microsoft Entra admin center > Identity > Hybrid management > Microsoft Entra Connect).',
    ],
    attestLabel: CHECK_AGAIN,
  },
};

/** By step, for steps whose failing verdicts name no cause (the upgrade paths' prerequisites). */
const BY_STEP: Readonly<Record<string, NextAction>> = {
  'prereq-no-adfs': {
    instructions: [
      'AD FS and the sync tool must not share this server. Either remove AD FS from it (Server Manager > Manage > Remove Roles and Features > Active Directory Federation Services, after the farm has another server), or choose an upgrade path that installs Entra Connect on another server (the first step).',
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'remove-adfs',
  },
  'prereq-dotnet': {
    instructions: [
      "Install .NET Framework 4.7.2 or later (4.8 is the current one) on this server from Microsoft's download page for .NET Framework, then restart the server.",
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'install-dotnet',
  },
  'prereq-tls12': {
    instructions: [
      'Set SchUseStrongCrypto = 1 and SystemDefaultTlsVersions = 1 (DWORD) under HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 and HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319.',
      'Set Enabled = 1 and DisabledByDefault = 0 (DWORD) under HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client and \\Server, then restart the server.',
    ],
    attestLabel: CHECK_AGAIN,
    lab: 'enable-tls12',
  },
  'prereq-server': {
    instructions: [
      'This server cannot run Entra Connect (it needs 64-bit Windows Server 2016 or later). Choose the path that installs it on a new server (the first step); nothing on this server can be changed to fit.',
    ],
    attestLabel: CHECK_AGAIN,
  },
};

/** The lab plays the admin for the existing manual steps too (where their work changes this server). */
const MANUAL_STEP_LAB: Readonly<Record<string, LabAdminAction>> = {
  'm1-s1-tool-installed': 'install-connect',
  'm1-s1-tool-supported': 'upgrade-connect',
  'm1-s3-cloud-account': 'reset-cloud-password',
  'm1-s5-deletion-threshold': 'release-deletions',
  'm1-sync-database': 'purge-run-history',
  'm1-app-certificate': 'renew-app-certificate',
  'install-connect': 'install-connect',
};

/**
 * What the admin does next on this step, given its verdict: the cause's next action, else the
 * step's own manual instructions; null when the step offers a fix (or a route) instead.
 */
export function nextActionFor(step: PlaybookStep, verdict: Pick<Verdict, 'cause' | 'status'> | null | undefined): NextAction | null {
  if (verdict && verdict.status !== 'fail' && verdict.status !== 'warn') return null;
  const byCause = verdict?.cause ? BY_CAUSE[verdict.cause] : undefined;
  if (byCause) return byCause;
  const byStep = BY_STEP[step.id];
  if (byStep && verdict) return byStep;
  if (step.manual) {
    const lab = MANUAL_STEP_LAB[step.id];
    return lab ? { ...step.manual, lab } : { ...step.manual };
  }
  return null;
}

/** The causes and steps that have a next action (tests walk them). */
export const NEXT_ACTION_CAUSES: readonly string[] = Object.keys(BY_CAUSE);
export const NEXT_ACTION_STEPS: readonly string[] = [...Object.keys(BY_STEP), ...Object.keys(MANUAL_STEP_LAB)];
