// The deprecated or 32-bit sync tool: three upgrade paths, each a playbook (KB kit files 000,
// 001 and 003, corrected by Microsoft's current upgrade guidance in NOTES-windows §9). The admin
// picks one on its first step (the choice is recorded); the path-specific steps follow, and every
// path ends with the deletion gap.
import { KB, cite } from '../kb-articles';
import type { Playbook, PlaybookStep, UpgradeBaseCheckId, UpgradePathId } from '../types';
import { PATH_WORDS } from './facts';

/** Each path's playbook id. */
const PATH_PLAYBOOK_IDS: Record<UpgradePathId, string> = {
  'in-place': 'dirsync-in-place-upgrade',
  'uninstall-reinstall': 'dirsync-uninstall-new-server',
  parallel: 'dirsync-different-computer',
};

/** The path step offers the other paths (one finding for the upgrade; the alternatives live inside its step). */
function offersBesides(path: UpgradePathId): PlaybookStep['offers'] {
  return (Object.keys(PATH_PLAYBOOK_IDS) as UpgradePathId[])
    .filter((p) => p !== path)
    .map((p) => ({ playbookId: PATH_PLAYBOOK_IDS[p], stepId: 'path', label: PATH_WORDS[p] }));
}

/** The button of a step whose fix only records the admin's word. */
const RECORD_DONE = 'Record that it is done…';

/** A step of every path: it names the base check, which forPath turns into the path's copy. */
type PathStep = Omit<PlaybookStep, 'check'> & { check: UpgradeBaseCheckId };
type PathPlaybook = Omit<Playbook, 'steps' | 'reports' | 'findingIds'> & { steps: readonly PathStep[] };

/**
 * Each path's steps use that path's copy of the checks (`id@path`), judged only while it is the
 * active path. A path is a sequence of stages: it reports where it stands (its first failing
 * step), and its step ids repeat across the paths, so its findings are named by playbook too.
 */
function forPath(path: UpgradePathId, playbook: PathPlaybook): Playbook {
  return {
    ...playbook,
    reports: 'first-failing-step',
    findingIds: 'playbook-and-step',
    steps: playbook.steps.map((s) => ({ ...s, check: `${s.check}@${path}` as const })),
  };
}

const INSTALL = KB.installUpgrade;
const UPGRADE = 'Upgrade the Directory Sync tool';
const OTHER_COMPUTER = 'Update the Directory Sync tool using a different computer';

const account: PathStep = {
  id: 'sync-account',
  title: "The sync tool's directory account is in the Users container",
  why: 'The tool reads the directory with its MSOL_ account, created in the Users container; moved or deleted, it breaks synchronization, and Entra Connect reuses it.',
  cite: cite(INSTALL, OTHER_COMPUTER, 'Caution'),
  check: 'sync-account-in-users',
  fix: 'fix-sync-account',
  judges: 'server-fact',
};

const snapshot: PathStep = {
  id: 'gap-snapshot',
  title: 'The objects in sync scope are recorded before the old tool stops',
  why: 'Objects deleted on-premises while no tool syncs are never deleted in the cloud; a record taken now lets the last step list them.',
  cite: cite(INSTALL, UPGRADE, 'Note after step 2'),
  check: 'gap-snapshot-taken',
  fix: 'take-gap-snapshot',
};

const gap: PathStep = {
  id: 'gap-deletions',
  title: 'Objects deleted since the snapshot are removed in the cloud',
  why: 'The new tool matches the cloud objects it finds; it never learns of what was deleted while nothing synced, so those are removed by hand.',
  cite: cite(INSTALL, UPGRADE, 'Note after step 2'),
  check: 'gap-deletions-handled',
  fix: 'record-cloud-cleanup',
  recordLabel: 'Record the clean-up in the cloud…',
};

const noRun: PathStep = {
  id: 'no-run-in-progress',
  title: 'No synchronization run is in progress',
  why: 'The tool must not be removed or stopped in the middle of a run; its own uninstaller warns about it too.',
  cite: cite(INSTALL, UPGRADE, '1'),
  check: 'upgrade-no-run-in-progress',
  fix: 'upgrade-wait-for-run',
};

const uninstall = (id: string, title: string, step: string, method: string): PathStep => ({
  id,
  title,
  why: 'Removed with its own uninstaller, silently and with a log; the app then reads the uninstall entries again and says whether Windows needs a restart.',
  cite: cite(INSTALL, method, step),
  check: 'upgrade-tool-removed',
  fix: 'upgrade-uninstall-tool',
});

/** The articles forbid the sync tool on an AD FS server: on the paths that install it elsewhere, the admin checks that server. */
const newServerNoAdfs = (): PathStep => ({
  id: 'new-server-no-adfs',
  title: 'AD FS is not on the server that gets Entra Connect',
  why: 'The sync tool must not share a server with AD FS; this app cannot see that server, so you check it there and record it.',
  cite: cite(INSTALL, 'Install the Directory Sync tool', 'Caution'),
  check: 'upgrade-attest-new-server-no-adfs',
  fix: 'upgrade-attest-new-server-no-adfs',
  recordLabel: RECORD_DONE,
});

const prerequisites: PathStep[] = [
  {
    id: 'prereq-server',
    title: 'This is a 64-bit Windows Server that Entra Connect supports',
    why: 'The current tool installs only on 64-bit Windows Server 2016 or later.',
    cite: cite(KB.dirsyncDeprecated, 'Solution', '64-bit Windows Server'),
    check: 'upgrade-64bit-server',
    fix: null,
  },
  {
    id: 'prereq-dotnet',
    title: '.NET Framework 4.7.2 or later is installed',
    why: 'Current Entra Connect builds need it; without it the installer stops.',
    cite: cite(KB.dirsyncDeprecated, 'More information', 'Prerequisites for Azure AD Connect'),
    check: 'upgrade-dotnet',
    fix: null,
  },
  {
    id: 'prereq-tls12',
    title: 'TLS 1.2 is on for .NET and SCHANNEL',
    why: 'Entra ID refuses older TLS; the new tool cannot sign in without these values.',
    cite: cite(KB.dirsyncDeprecated, 'More information', 'Prerequisites for Azure AD Connect'),
    check: 'upgrade-tls12',
    fix: null,
  },
  {
    id: 'prereq-no-adfs',
    title: 'AD FS is not installed on this server',
    why: 'The articles forbid the sync tool on a server that runs AD FS.',
    cite: cite(INSTALL, 'Install the Directory Sync tool', 'Caution'),
    check: 'upgrade-no-adfs',
    fix: null,
    judges: 'server-fact',
  },
];

export const DIRSYNC_IN_PLACE: Playbook = forPath('in-place', {
  id: PATH_PLAYBOOK_IDS['in-place'],
  title: 'Upgrade DirSync to Entra Connect on this server',
  summary:
    'For a 64-bit DirSync (or Azure AD Sync) with fewer than 50,000 objects: check the prerequisites, then let the Entra Connect installer move the settings and remove the old tool. Never uninstall it first.',
  cite: cite(KB.dirsyncDeprecated, 'Solution', null),
  steps: [
    {
      id: 'path',
      title: 'Choose the in-place upgrade',
      why: 'Keeps every setting and needs no second server; meant for a 64-bit DirSync with fewer than 50,000 objects.',
      cite: cite(KB.dirsyncDeprecated, 'Solution', 'Upgrade from DirSync'),
      check: 'upgrade-path',
      fix: 'upgrade-choose-in-place',
      recordLabel: 'Choose this path…',
      offers: offersBesides('in-place'),
    },
    account,
    ...prerequisites,
    snapshot,
    {
      id: 'install-connect',
      title: 'Entra Connect is installed here, DirSync is gone, and a sync ran',
      why: "The Entra Connect installer reads DirSync's settings and removes DirSync itself; uninstalling DirSync first would lose them.",
      cite: cite(KB.dirsyncDeprecated, 'Solution', 'Upgrade from DirSync'),
      check: 'upgrade-connect-installed',
      fix: null,
      manual: {
        instructions: [
          'Do not uninstall DirSync: the Entra Connect installer needs it to read the settings.',
          "Get the Entra Connect installer from the place Microsoft's upgrade page names: https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-dirsync-upgrade-get-started",
          'Run it on this server; it detects DirSync, shows the settings it will keep, upgrades, and removes DirSync.',
          'Let the first synchronization run, then come back and confirm: the app checks that Connect is installed, DirSync is gone and a sync ran.',
        ],
        attestLabel: 'I ran the Entra Connect installer',
      },
    },
    gap,
  ],
});

export const DIRSYNC_UNINSTALL_REINSTALL: Playbook = forPath('uninstall-reinstall', {
  id: PATH_PLAYBOOK_IDS['uninstall-reinstall'],
  title: 'Remove the 32-bit DirSync and install Entra Connect on a new server',
  summary:
    'The 32-bit tool cannot be upgraded: wait for any run to end, uninstall it here (silently, with a log), verify it is gone, then install Entra Connect on a new 64-bit server.',
  cite: cite(INSTALL, UPGRADE, null),
  steps: [
    {
      id: 'path',
      title: 'Choose to uninstall here and install on a new server',
      why: 'The only way off the 32-bit tool: its database cannot be upgraded, so the new tool starts fresh on a 64-bit server.',
      cite: cite(INSTALL, UPGRADE, 'Note'),
      check: 'upgrade-path',
      fix: 'upgrade-choose-uninstall',
      recordLabel: 'Choose this path…',
      offers: offersBesides('uninstall-reinstall'),
    },
    account,
    snapshot,
    noRun,
    uninstall('uninstall', 'The old sync tool is uninstalled from this server', '1', UPGRADE),
    newServerNoAdfs(),
    {
      id: 'new-server',
      title: 'Entra Connect is installed on a new 64-bit server',
      why: 'Sync resumes only when the new tool runs: on 64-bit Windows Server 2016 or later, with .NET 4.7.2, TLS 1.2 and without AD FS.',
      cite: cite(INSTALL, UPGRADE, '2'),
      check: 'upgrade-attest-new-server',
      fix: 'upgrade-attest-new-server',
      recordLabel: RECORD_DONE,
    },
    gap,
  ],
});

export const DIRSYNC_DIFFERENT_COMPUTER: Playbook = forPath('parallel', {
  id: PATH_PLAYBOOK_IDS.parallel,
  title: 'Update DirSync using a different computer',
  summary:
    'For many objects: the new tool is set up on a second computer while this one stops, then the two hand over with forced syncs, and the old tool is removed last. Steps on this computer are verified; the others you record, with the time.',
  cite: cite(INSTALL, OTHER_COMPUTER, null),
  steps: [
    {
      id: 'path',
      title: 'Choose the update using a different computer',
      why: 'No break in synchronization and no lost updates, at the cost of a second computer and more steps.',
      cite: cite(INSTALL, OTHER_COMPUTER, 'Introduction'),
      check: 'upgrade-path',
      fix: 'upgrade-choose-parallel',
      recordLabel: 'Choose this path…',
      offers: offersBesides('parallel'),
    },
    account,
    snapshot,
    {
      id: 'stop-old-service',
      title: 'The sync service is stopped on this (old) computer',
      why: 'The old computer stops first, so the new one can take the sync relationship over.',
      cite: cite(INSTALL, OTHER_COMPUTER, '1'),
      check: 'upgrade-tool-service-stopped',
      fix: 'upgrade-stop-tool-service',
    },
    newServerNoAdfs(),
    {
      id: 'new-computer',
      title: 'The new tool is installed on the second computer and synchronized',
      why: 'Its first synchronization resets the service password and moves the sync relationship to the new computer.',
      cite: cite(INSTALL, OTHER_COMPUTER, '2–3'),
      check: 'upgrade-attest-new-computer',
      fix: 'upgrade-attest-new-computer',
      recordLabel: RECORD_DONE,
    },
    {
      id: 'old-forced-sync',
      title: 'A forced sync ran from this computer after the new one finished',
      why: 'It finds and sends the deletions made while synchronization was stopped.',
      cite: cite(INSTALL, OTHER_COMPUTER, '4'),
      check: 'upgrade-attest-old-forced-sync',
      fix: 'upgrade-attest-old-forced-sync',
      recordLabel: RECORD_DONE,
    },
    {
      id: 'new-forced-sync',
      title: 'The new computer ran its configuration again with a forced sync',
      why: 'That resets the service password and takes the sync relationship back to the new computer for good.',
      cite: cite(INSTALL, OTHER_COMPUTER, '5'),
      check: 'upgrade-attest-new-forced-sync',
      fix: 'upgrade-attest-new-forced-sync',
      recordLabel: RECORD_DONE,
    },
    { ...noRun, cite: cite(INSTALL, OTHER_COMPUTER, '6') },
    uninstall('uninstall-old', 'The old tool is uninstalled from this computer', '6', OTHER_COMPUTER),
    gap,
  ],
});

export const UPGRADE_PLAYBOOKS: readonly Playbook[] = [DIRSYNC_IN_PLACE, DIRSYNC_UNINSTALL_REINSTALL, DIRSYNC_DIFFERENT_COMPUTER];

/** The playbook for each path. */
export const PLAYBOOK_FOR_PATH = {
  'in-place': DIRSYNC_IN_PLACE.id,
  'uninstall-reinstall': DIRSYNC_UNINSTALL_REINSTALL.id,
  parallel: DIRSYNC_DIFFERENT_COMPUTER.id,
} as const;
