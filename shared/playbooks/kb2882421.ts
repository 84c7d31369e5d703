// KB 2882421: sync stopped or not registered for more than a day.
// Method 1 checks the sync tool, its services and the cloud account, and (beyond the article)
// what sync needs today: a supported build, the scheduler, TLS 1.2 and the endpoint.
// Method 2 checks the account the sync services log on as, per kind of account.
// Every step is detect → fix (or guided manual work) → re-check.
import { CONNECT_DOWNLOAD_PAGE } from '../domain/connect-requirements';
import { SOURCES } from '../domain/public-sources';
import { KB, cite } from './kb-articles';
import { KB2882421_ID, STEP } from './kb2882421-ids';
import type { Playbook } from './types';

const USER_KINDS = ['domain-user', 'local-user'] as const;

export const KB2882421: Playbook = {
  id: KB2882421_ID,
  title: 'Sync stopped or has not run for a day',
  summary: 'Checks the sync tool, its services, scheduler, runs and accounts, in the order the article does, and what sync needs today.',
  cite: cite(KB.syncStopped),
  // Independent checks: each says itself when it does not apply; their ids are unique.
  reports: 'each-failing-step',
  findingIds: 'step',
  steps: [
    {
      id: STEP.toolInstalled,
      title: 'A directory sync tool is installed on this server',
      why: 'Every other check reads the sync tool; without one nothing on this server syncs, whatever the start page said before.',
      cite: cite(KB.syncStopped, 'Method 1', '1 (the sync tool on this server)'),
      check: 'sync-tool-installed',
      fix: null,
      manual: {
        instructions: [
          'Check the server first: 64-bit Windows Server 2016 or later, .NET Framework 4.7.2 or later, TLS 1.2 turned on, and no AD FS on it.',
          "Download Microsoft Entra Connect Sync from the Microsoft Entra admin center (https://entra.microsoft.com: Identity > Hybrid management > Microsoft Entra Connect > Connect Sync). Microsoft's page on where to get it: " +
            CONNECT_DOWNLOAD_PAGE,
          'Run the installer on this server as an administrator; the express settings create the accounts it needs (a Hybrid Identity Administrator of the tenant and an Enterprise Admin of the forest sign in once).',
          'When its first synchronization has run, press the button below: the app looks for the installed tool again.',
        ],
        attestLabel: 'I have installed the sync tool',
      },
    },
    {
      id: STEP.toolSupported,
      title: 'The sync tool is a build Microsoft still accepts',
      why: 'Old builds stop syncing on a fixed date whatever else is right, so the version is checked before anything is repaired.',
      cite: cite(KB.syncStopped, 'Method 1', '1–2 (which tool runs here)'),
      check: 'sync-tool-supported',
      fix: null,
      manual: {
        instructions: [
          'Sign in to the Microsoft Entra admin center and download the current Microsoft Entra Connect Sync installer (Identity > Hybrid management > Microsoft Entra Connect).',
          'Run it on this server: it upgrades in place and keeps the configuration. A DirSync or AADSync server is upgraded the same way (or moved to a new server).',
          'When the wizard ends, come back here and press the button below: the app reads the version again.',
        ],
        attestLabel: 'I have upgraded the sync tool',
      },
    },
    {
      // Beside the version, where a tech looks for "why is this build old": whether Connect still
      // upgrades itself, and if the system suspended that, why.
      id: STEP.autoUpgrade,
      title: 'Entra Connect still upgrades itself',
      why: 'With automatic upgrade on, Connect installs new builds by itself; suspended by the system, it stays on its build until someone upgrades it by hand, and old builds stop syncing on fixed dates.',
      cite: cite(KB.syncStopped, 'Method 1', '1–2 (which tool runs here)'),
      check: 'auto-upgrade-not-suspended',
      fix: null,
      appliesTo: { generations: ['entra-connect'] },
    },
    {
      id: STEP.servicesRunning,
      title: 'The sync services are running',
      why: 'The sync service does all the work: while it is stopped nothing is sent to Entra ID and the 24-hour warning follows.',
      cite: cite(KB.syncStopped, 'Method 1', '2'),
      check: 'sync-service-running',
      fix: 'start-sync-service',
    },
    {
      id: STEP.scheduler,
      title: 'The scheduler starts sync cycles',
      why: 'A running service only syncs when the scheduler starts a cycle; turned off, suspended or in staging mode, nothing reaches Entra ID.',
      cite: cite(KB.syncStopped, 'Method 1', '2 (the cycles the service runs)'),
      check: 'scheduler-enabled',
      fix: 'enable-scheduler',
      appliesTo: { generations: ['entra-connect'] },
    },
    {
      id: STEP.cloudAccount,
      title: 'The cloud account can sign in to Entra ID',
      why: 'The sync tool signs in to Entra ID with an account set up by its wizard; if that password expired or changed, every export is refused.',
      cite: cite(KB.syncStopped, 'Method 1', '3–4'),
      check: 'cloud-account-signs-in',
      fix: 'open-configuration-wizard',
      manual: {
        instructions: [
          'The app cannot reset a cloud password. Find the account: it is shown above (in Synchronization Service Manager: Connectors > the Entra ID connector > Connectivity > UserName).',
          'In the Microsoft Entra admin center, check that the account exists and is enabled, and reset its password.',
          'On this server, open the Microsoft Entra Connect configuration wizard (the button "Open the configuration wizard on the server" does it for you), choose to change the Entra ID credentials, and enter the new password (on DirSync: run the configuration wizard again).',
          'At the end of the wizard, let it start a sync. Then press the button below: the app reads the latest export result again; it proves the fix once the next export has run.',
        ],
        attestLabel: 'I have reset the password and rerun the wizard',
      },
    },
    {
      id: STEP.adConnectorAccount,
      title: "The AD connector's account exists",
      why: 'Connect reads Active Directory with the account named in its AD connector; deleted by a clean-up, nothing new reaches Entra ID. Moved into another OU it still works: Connect signs in by name.',
      cite: cite(KB.installUpgrade, 'Update the Directory Sync tool using a different computer', 'Caution (the sync account)'),
      check: 'ad-connector-account-present',
      fix: 'fix-ad-connector-account',
      appliesTo: { generations: ['entra-connect'] },
    },
    {
      id: STEP.deletionThreshold,
      title: 'No export is held back by the deletion threshold',
      why: 'Above the threshold the export to Entra ID stops, so that a mistake on-premises cannot delete users in the cloud; only an admin can say the deletions are intended.',
      cite: cite(KB.syncStopped, 'Method 1', '5 (a run that stopped)'),
      check: 'deletion-threshold-settled',
      fix: null,
      manual: {
        instructions: [
          "Why the app does not do this for you: turning the threshold off and on signs in to Entra ID. On current Connect builds Disable-ADSyncExportDeletionThreshold and Enable-ADSyncExportDeletionThreshold take only -AADUserName and open Microsoft's interactive sign-in window; they accept no credential the app could pass, and the app never handles a cloud administrator's password.",
          'First look at what would be deleted: Synchronization Service Manager > Connectors > the Entra ID connector > Search Connector Space, scope "Pending Export", deletions. If they are not intended, fix the cause on-premises (an OU moved out of scope, a filter changed) and let the next cycle run: do not go on.',
          'If they are intended, in PowerShell run as administrator on this server: Disable-ADSyncExportDeletionThreshold -AADUserName <a Hybrid Identity Administrator of the tenant>, and sign in in the window that opens.',
          'Start-ADSyncSyncCycle -PolicyType Delta, then wait until the Export of the Entra ID connector has finished (Synchronization Service Manager > Operations).',
          'Turn the protection back on with the value shown above: Enable-ADSyncExportDeletionThreshold -DeletionThreshold <that value> -AADUserName <the same account>.',
          'Then press the button below: the app checks that the threshold is on again and that the Entra ID export after it succeeded.',
        ],
        attestLabel: 'I let the deletions through and turned the threshold back on',
      },
      appliesTo: { generations: ['entra-connect'] },
    },
    {
      id: STEP.database,
      title: 'The sync database has room',
      why: 'AADSync and Entra Connect keep their data in SQL Server Express LocalDB, which stops at 10 GB: then every run stops and the sync service may not start at all.',
      cite: cite(KB.syncStopped, 'Method 1', '5 (a run that stopped)'),
      check: 'sync-database-has-room',
      fix: null,
      manual: {
        instructions: [
          'What fills it: the run history the engine keeps (7 days by default) and, on large directories, the connector spaces. LocalDB cannot grow past 10 GB; a full SQL Server has no such limit.',
          "If the sync service does not start: leave it stopped and shrink the database first, as Microsoft's LocalDB recovery article describes (SQL Server's DBCC SHRINKDATABASE on the ADSync database, run as the sync service's account). Then start the service. The article: " +
            SOURCES.localDb.url,
          'Clear the run history: in PowerShell run as administrator, Start-ADSyncPurgeRunHistory (or Synchronization Service Manager > Operations > Clear Runs). The history is only a record of past runs; no configuration or object is lost.',
          "Keep less of it from now on: the scheduler's PurgeRunHistoryInterval (shown by Get-ADSyncScheduler) says how long runs are kept; a shorter interval keeps the database smaller.",
          'If it fills again within weeks, the directory has outgrown LocalDB: move the sync engine to a full SQL Server (a new installation with the custom settings).',
          'Then press the button below: the app reads the run history and event 6323 again; the step passes once a run has succeeded after the last 6323.',
        ],
        attestLabel: 'I have made room in the sync database',
      },
      appliesTo: { generations: ['entra-connect', 'aadsync'] },
    },
    {
      id: STEP.syncRuns,
      title: "Every connector's latest run succeeded",
      why: "A started cycle is not a finished one: each connector's last completed run says whether objects really reached Entra ID.",
      cite: cite(KB.syncStopped, 'Method 1', '5'),
      check: 'sync-runs-succeed',
      fix: 'run-sync-cycle',
      appliesTo: { generations: ['entra-connect', 'aadsync'] },
    },
    {
      id: STEP.passwordHashSync,
      title: 'Password hash sync has a heartbeat for every AD connector',
      why: 'With password hash sync on, each AD connector reports a heartbeat (event 654) about every 30 minutes; none for 3 hours means password changes stopped reaching Entra ID, while everything else may still sync.',
      cite: cite(KB.fixingDirSync, 'Password hashes are not synchronizing', 'the password hash sync heartbeat'),
      check: 'password-hash-sync-healthy',
      fix: 'full-password-sync',
      appliesTo: { generations: ['entra-connect', 'aadsync'] },
    },
    {
      id: STEP.appCertificate,
      title: 'The application sign-in certificate is current',
      why: 'A server that signs in to Entra ID as an application uses a certificate; expired, sync stops. Connect renews it by itself, but only while its scheduler runs and only under the account it was installed with.',
      cite: cite(KB.syncStopped, 'Method 1', '3 (the account that signs in to Entra ID)'),
      check: 'app-certificate-current',
      fix: null,
      manual: {
        instructions: [
          "How renewal works: Connect renews the sign-in certificate it manages by itself before it runs out (event 1011 warns when 150 days or fewer are left; 1012 says it expired), as part of its scheduled sync cycles. The app reads the certificate's dates where the connector names it, and the events otherwise.",
          'If the scheduler is suspended (the configuration wizard left open, or an upgrade that did not finish), renewal waits: close the wizard or finish the upgrade, and the scheduler resumes.',
          "The certificate is kept in the certificate store of the account the sync service logs on as. Never change that logon account: the service then looks in another account's store and cannot sign in. If it was changed, Method 2 step 2 puts the original back.",
          'If the certificate already expired, open the configuration wizard on this server and choose Additional tasks, "Rotate application certificate" to make a new one. A certificate you brought yourself (kept in the computer\'s store) is yours to rotate: Invoke-ADSyncApplicationCredentialRotation with the new certificate\'s SHA256 hash. Two servers cloned from one share one application: give each its own.',
          'Then press the button below: the app reads the certificate and events 1011 and 1012 again.',
        ],
        attestLabel: 'The scheduler runs and the certificate was renewed',
      },
      appliesTo: { generations: ['entra-connect'] },
    },
    {
      id: STEP.tls,
      title: 'TLS 1.2 is enforced',
      why: 'Entra ID accepts only TLS 1.2; a server whose .NET still offers older protocols cannot reach it.',
      cite: cite(KB.syncStopped, 'Cause', 'network connection issues'),
      check: 'tls12-enabled',
      fix: 'enable-tls12',
    },
    {
      id: STEP.endpoint,
      title: 'The server reaches Entra ID',
      why: "The sync engine talks to Entra ID through the machine's proxy settings; a proxy that blocks or asks for a sign-in stops every export.",
      cite: cite(KB.syncStopped, 'Cause', 'network connection issues'),
      check: 'endpoint-reachable',
      fix: null,
    },
    {
      id: STEP.adfsApart,
      title: 'Whether AD FS shares the server',
      why: 'Only DirSync had to stay off an AD FS server; Entra Connect may share one. The step says whether AD FS runs here, as information: both are Tier 0 systems.',
      cite: cite(KB.installUpgrade, 'Install the Directory Sync tool', 'Caution'),
      check: 'adfs-apart',
      fix: null,
    },
    {
      id: STEP.logonKind,
      title: 'The sync service logs on as a supported account',
      why: 'What can be fixed depends on the kind of account: a user has a password to look after, a virtual or managed account does not, LocalSystem is not supported.',
      cite: cite(KB.syncStopped, 'Method 2', '2'),
      check: 'logon-kind-supported',
      fix: 'restore-original-logon',
    },
    {
      id: STEP.accountExists,
      title: 'The logon account exists',
      why: 'A deleted account cannot log on; it can be restored while it is still among the deleted objects.',
      cite: cite(KB.syncStopped, 'Method 2', '3'),
      check: 'logon-account-exists',
      fix: 'restore-logon-account',
      appliesTo: { logonKinds: USER_KINDS },
    },
    {
      id: STEP.neverExpires,
      title: 'Its password never expires',
      why: 'A service account whose password expires stops the sync services on the day it does.',
      cite: cite(KB.syncStopped, 'Method 2', '4.1'),
      check: 'logon-password-never-expires',
      fix: 'set-password-never-expires',
      appliesTo: { logonKinds: USER_KINDS },
    },
    {
      id: STEP.enabled,
      title: 'The logon account is enabled',
      why: 'A disabled account cannot log on: enable it, then restart the sync services.',
      cite: cite(KB.syncStopped, 'Method 2', '4.2'),
      check: 'logon-account-enabled',
      fix: 'enable-logon-account',
      appliesTo: { logonKinds: USER_KINDS },
    },
    {
      id: STEP.password,
      title: "The services hold the account's current password",
      why: 'When the password expired, or was changed on the account only (in AD, or on the server for a local account), the services keep offering the old one: reset it and set the new one on every sync service.',
      cite: cite(KB.syncStopped, 'Method 2', '5–6'),
      check: 'logon-password-current',
      fix: 'reset-logon-password',
      appliesTo: { logonKinds: USER_KINDS },
    },
  ],
};
