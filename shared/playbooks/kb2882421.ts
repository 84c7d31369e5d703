// KB 2882421: sync stopped or not registered for more than a day.
// Method 1 checks the sync tool, its services and the cloud account, and (beyond the article)
// what sync needs today: a supported build, the scheduler, TLS 1.2 and the endpoint.
// Method 2 checks the account the sync services log on as, per kind of account.
// Every step is detect → fix (or guided manual work) → re-check.
import { KB, cite } from './kb-articles';
import { KB2882421_ID, STEP } from './kb2882421-ids';
import type { Playbook } from './types';

const USER_KINDS = ['domain-user', 'local-user'] as const;

export const KB2882421: Playbook = {
  id: KB2882421_ID,
  title: 'Sync stopped or has not run for a day',
  summary: 'Checks the sync tool, its services, scheduler, runs and accounts, in the order the article does, and what sync needs today.',
  cite: cite(KB.syncStopped),
  steps: [
    {
      id: STEP.toolSupported,
      title: 'The sync tool is a build Microsoft still accepts',
      why: 'Old builds stop syncing on a fixed date whatever else is right, so the version is checked before anything is repaired.',
      cite: cite(KB.syncStopped, 'Method 1', '1–2 (which tool runs here)'),
      probe: 'sync-tool',
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
      id: STEP.servicesRunning,
      title: 'The sync services are running',
      why: 'The sync service does all the work: while it is stopped nothing is sent to Entra ID and the 24-hour warning follows.',
      cite: cite(KB.syncStopped, 'Method 1', '2'),
      probe: 'sync-service',
      check: 'sync-service-running',
      fix: 'start-sync-service',
    },
    {
      id: STEP.scheduler,
      title: 'The scheduler starts sync cycles',
      why: 'A running service only syncs when the scheduler starts a cycle; turned off, suspended or in staging mode, nothing reaches Entra ID.',
      cite: cite(KB.syncStopped, 'Method 1', '2 (the cycles the service runs)'),
      probe: 'scheduler',
      check: 'scheduler-enabled',
      fix: 'enable-scheduler',
      appliesTo: { generations: ['entra-connect'] },
    },
    {
      id: STEP.cloudAccount,
      title: 'The cloud account can sign in to Entra ID',
      why: 'The sync tool signs in to Entra ID with an account set up by its wizard; if that password expired or changed, every export is refused.',
      cite: cite(KB.syncStopped, 'Method 1', '3–4'),
      probe: 'cloud-account',
      check: 'cloud-account-signs-in',
      fix: null,
      manual: {
        instructions: [
          'The app cannot reset a cloud password. Find the account: it is shown above (in Synchronization Service Manager: Connectors > the Entra ID connector > Connectivity > UserName).',
          'In the Microsoft Entra admin center, check that the account exists and is enabled, and reset its password.',
          'On this server, open the Microsoft Entra Connect configuration wizard, choose to change the Entra ID credentials, and enter the new password (on DirSync: run the configuration wizard again).',
          'At the end of the wizard, let it start a sync. Then press the button below: the app reads the latest export result again; it proves the fix once the next export has run.',
        ],
        attestLabel: 'I have reset the password and rerun the wizard',
      },
    },
    {
      id: STEP.syncRuns,
      title: 'Every connector\'s latest run succeeded',
      why: 'A started cycle is not a finished one: each connector\'s last completed run says whether objects really reached Entra ID.',
      cite: cite(KB.syncStopped, 'Method 1', '5'),
      probe: 'sync-runs',
      check: 'sync-runs-succeed',
      fix: 'run-sync-cycle',
      appliesTo: { generations: ['entra-connect', 'aadsync'] },
    },
    {
      id: STEP.tls,
      title: 'TLS 1.2 is enforced',
      why: 'Entra ID accepts only TLS 1.2; a server whose .NET still offers older protocols cannot reach it.',
      cite: cite(KB.syncStopped, 'Cause', 'network connection issues'),
      probe: 'tls',
      check: 'tls12-enabled',
      fix: 'enable-tls12',
    },
    {
      id: STEP.endpoint,
      title: 'The server reaches Entra ID',
      why: 'The sync engine talks to Entra ID through the machine\'s proxy settings; a proxy that blocks or asks for a sign-in stops every export.',
      cite: cite(KB.syncStopped, 'Cause', 'network connection issues'),
      probe: 'endpoint',
      check: 'endpoint-reachable',
      fix: null,
    },
    {
      id: STEP.logonKind,
      title: 'The sync service logs on as a supported account',
      why: 'What can be fixed depends on the kind of account: a user has a password to look after, a virtual or managed account does not, LocalSystem is not supported.',
      cite: cite(KB.syncStopped, 'Method 2', '2'),
      probe: 'logon-account',
      check: 'logon-kind-supported',
      fix: 'restore-original-logon',
    },
    {
      id: STEP.accountExists,
      title: 'The logon account exists',
      why: 'A deleted account cannot log on; it can be restored while it is still among the deleted objects.',
      cite: cite(KB.syncStopped, 'Method 2', '3'),
      probe: 'logon-account',
      check: 'logon-account-exists',
      fix: 'restore-logon-account',
      appliesTo: { logonKinds: USER_KINDS },
    },
    {
      id: STEP.neverExpires,
      title: 'Its password never expires',
      why: 'A service account whose password expires stops the sync services on the day it does.',
      cite: cite(KB.syncStopped, 'Method 2', '4.1'),
      probe: 'logon-account',
      check: 'logon-password-never-expires',
      fix: 'set-password-never-expires',
      appliesTo: { logonKinds: USER_KINDS },
    },
    {
      id: STEP.enabled,
      title: 'The logon account is enabled',
      why: 'A disabled account cannot log on: enable it, then restart the sync services.',
      cite: cite(KB.syncStopped, 'Method 2', '4.2'),
      probe: 'logon-account',
      check: 'logon-account-enabled',
      fix: 'enable-logon-account',
      appliesTo: { logonKinds: USER_KINDS },
    },
    {
      id: STEP.password,
      title: 'The services hold the account\'s current password',
      why: 'When the password expired, or was changed on the account only (in AD, or on the server for a local account), the services keep offering the old one: reset it and set the new one on every sync service.',
      cite: cite(KB.syncStopped, 'Method 2', '5–6'),
      probe: 'logon-account',
      check: 'logon-password-current',
      fix: 'reset-logon-password',
      appliesTo: { logonKinds: USER_KINDS },
    },
  ],
};
