// Fix plans of the DirSync upgrade playbooks: exactly what each fix will change, for the
// confirmation. The main process carries them out (electron/actions/upgrade.ts).
import { escapeDnValue, parseDn } from '../../ldap';
import type { FixPlanDraft } from '../fix-plan';
import { accountInUse, pathFits } from './checks';
import { PATH_WORDS, SYNC_ACCOUNT_NAME, type GapProbe, type SyncAccountFacts, type UpgradePath, type UpgradeProbe } from './facts';

function choosePath(path: UpgradePath) {
  return (o: UpgradeProbe): FixPlanDraft | null => {
    if (o.records.choice?.path === path || !pathFits(path, o).ok) return null;
    const warnings: string[] = [];
    if (path === 'uninstall-reinstall' && o.tool.bitness === '64') {
      warnings.push("This is the 64-bit tool: Microsoft's in-place upgrade keeps its settings, uninstalling first loses them.");
    }
    return {
      actionId: 'upgrade.choose-path',
      title: `Choose: ${PATH_WORDS[path]}`,
      changes: [
        {
          target: `Upgrade path for ${o.computerName}`,
          property: 'chosen path',
          from: o.records.choice ? PATH_WORDS[o.records.choice.path] : 'none',
          to: PATH_WORDS[path],
        },
      ],
      destructive: false,
      reversible: true,
      warnings,
      args: { path },
    };
  };
}

function attest(key: string, what: string) {
  return (o: UpgradeProbe): FixPlanDraft | null => {
    if (o.records.attested[key]) return null;
    return {
      actionId: 'upgrade.attest',
      title: `Record: ${what}`,
      changes: [{ target: `Upgrade checklist for ${o.computerName}`, property: what, from: 'not recorded', to: 'done (you say so; the time is kept)' }],
      destructive: false,
      reversible: true,
      args: { key },
    };
  };
}

export const UPGRADE_FIXES = {
  'upgrade-choose-in-place': choosePath('in-place'),
  'upgrade-choose-uninstall': choosePath('uninstall-reinstall'),
  'upgrade-choose-parallel': choosePath('parallel'),

  'upgrade-wait-for-run'(o: UpgradeProbe): FixPlanDraft | null {
    if (!o.runInProgress) return null;
    return {
      actionId: 'upgrade.wait-for-run',
      title: 'Wait until the synchronization run ends',
      changes: [
        {
          target: `Sync engine on ${o.computerName}`,
          property: 'run in progress',
          from: 'yes',
          to: 'no (checked every few seconds, for up to 4 minutes; cancel any time)',
        },
      ],
      destructive: false,
      reversible: true,
      args: {},
    };
  },

  'upgrade-uninstall-tool'(o: UpgradeProbe): FixPlanDraft | null {
    const t = o.tool;
    if ((t.generation !== 'dirsync' && t.generation !== 'aadsync') || !t.displayName || !t.registryView) return null;
    const msi = t.productCode !== null && t.windowsInstaller !== false;
    const command = msi
      ? `msiexec /x ${t.productCode} /qn /norestart /l*v <log under C:\\Windows\\Logs\\DirSyncDoctor>`
      : (t.uninstallString ?? 'its UninstallString');
    return {
      actionId: 'upgrade.uninstall-tool',
      title: `Uninstall ${t.displayName}`,
      changes: [
        {
          target: `Program ${t.displayName} ${t.version ?? ''} (${t.registryView}-bit registry view)`.replace('  ', ' '),
          property: 'installed',
          from: 'installed',
          to: 'removed',
        },
        { target: `Services of ${t.label}`, property: 'present', from: 'installed', to: 'removed with the program' },
        { target: 'Uninstall command', property: 'runs silently', from: 'not run', to: command },
      ],
      destructive: true,
      reversible: false,
      warnings: [
        'Nothing syncs from this server afterwards; objects deleted until the new tool syncs are never deleted in the cloud (the last step lists them).',
        'Windows may need a restart to finish; the result says so.',
        ...(msi ? [] : ['This uninstaller is not Windows Installer: it may show its own window, and no Windows Installer log is written.']),
      ],
      args: { displayName: t.displayName, registryView: t.registryView, productCode: msi ? t.productCode! : '' },
    };
  },

  'upgrade-stop-tool-service'(o: UpgradeProbe): FixPlanDraft | null {
    const s = o.toolService;
    if (!s || s.state === 'stopped') return null;
    return {
      actionId: 'upgrade.stop-tool-service',
      title: `Stop ${s.displayName}`,
      changes: [{ target: `Service ${s.name} (${s.displayName})`, property: 'state', from: s.state, to: 'stopped' }],
      destructive: false,
      reversible: true,
      warnings: ['Nothing syncs from this computer while it is stopped; the new computer takes over.'],
      args: { service: s.name },
    };
  },

  'upgrade-attest-new-server-no-adfs': attest('new-server-no-adfs', 'no AD FS on the server that gets Entra Connect'),
  'upgrade-attest-new-server': attest('new-server', 'Entra Connect runs on the new server'),
  'upgrade-attest-new-computer': attest('new-computer', 'Entra Connect installed on the second computer'),
  'upgrade-attest-old-forced-sync': attest('old-forced-sync', 'forced sync from the old computer done'),
  'upgrade-attest-new-forced-sync': attest('new-forced-sync', 'forced sync on the new computer done'),
} satisfies Record<string, (o: UpgradeProbe) => FixPlanDraft | null>;

/** Move the account back where it belongs, or restore it from Deleted Objects: DirSync's MSOL_ account and Connect's AD connector account alike. */
export function planSyncAccountFix(o: SyncAccountFacts): FixPlanDraft | null {
  if (!o.connected || !o.expectedParentDn) return null;
  const judged = accountInUse(o);
  const guessed =
    judged.how === 'likely'
      ? [
          `The account in use could not be read on the server; this is the most likely one because ${judged.why}. Check the AD connector's account in the Synchronization Service Manager before you confirm.`,
        ]
      : [];
  const moved = judged.account?.moved ? judged.account : undefined;
  if (moved) {
    const rdn = parseDn(moved.dn)[0]!;
    const to = `${rdn.type}=${escapeDnValue(rdn.value)},${o.expectedParentDn}`;
    return {
      actionId: 'upgrade.move-sync-account',
      title: `Move ${moved.sAMAccountName} back to the Users container`,
      changes: [{ target: `Account ${moved.sAMAccountName}`, property: 'distinguishedName', from: moved.dn, to }],
      destructive: false,
      reversible: true,
      ...(guessed.length ? { warnings: guessed } : {}),
      args: { dn: moved.dn, parentDn: o.expectedParentDn },
    };
  }
  if (!judged.account && judged.deleted) {
    const d = judged.deleted;
    // The tool's own MSOL_ account belongs in CN=Users; an account chosen at install goes back where it was.
    const parent = SYNC_ACCOUNT_NAME.test(d.sAMAccountName) ? o.expectedParentDn : (d.lastKnownParent ?? o.expectedParentDn);
    return {
      actionId: 'upgrade.restore-sync-account',
      title: `Restore ${d.sAMAccountName} from the deleted objects`,
      changes: [{ target: `Deleted account ${d.sAMAccountName}`, property: 'deleted', from: d.dn, to: `CN=${escapeDnValue(d.sAMAccountName)},${parent}` }],
      destructive: false,
      reversible: true,
      warnings: o.recycleBinEnabled
        ? ['The account comes back with its attributes (the Recycle Bin is on).']
        : [
            "Without the AD Recycle Bin a restored account keeps only a few attributes and no password: run the sync tool's configuration wizard afterwards so it sets the password again.",
          ],
      args: { dn: d.dn, parentDn: parent },
    };
  }
  return null;
}

export function planGapCleanup(o: GapProbe): FixPlanDraft | null {
  if (!o.snapshot || !o.deleted?.length) return null;
  return {
    actionId: 'upgrade.attest',
    title: 'Record: the deleted objects were removed in the cloud',
    changes: [
      {
        target: `${o.deleted.length} object(s) deleted since the snapshot`,
        property: 'removed in Microsoft 365 / Entra ID',
        from: 'not recorded',
        to: 'done (you say so; the time is kept)',
      },
    ],
    destructive: false,
    reversible: true,
    args: { key: 'cloud-cleanup' },
  };
}

export function planGapSnapshot(o: GapProbe): FixPlanDraft | null {
  if (o.snapshot) return null;
  return {
    actionId: 'upgrade.take-snapshot',
    title: 'Record the objects in sync scope (deletion-gap snapshot)',
    changes: [
      {
        target: "Snapshot file in the app's data folder",
        property: 'objectGUID, DN, class, UPN or mail of every user, group and contact in scope',
        from: 'none',
        to: 'written (read-only for the directory)',
      },
    ],
    destructive: false,
    reversible: true,
    args: {},
  };
}
