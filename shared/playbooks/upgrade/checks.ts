// The checks of the DirSync upgrade playbooks: pure verdicts over the upgrade, sync-account and
// gap probes. Facts the check cannot read give `unknown`, never a guess.
import {
  CONNECT_DOWNLOAD_PAGE,
  dotNetVersionName,
  IN_PLACE_OBJECT_LIMIT,
  DOTNET_MINIMUM,
  MIN_DOTNET_RELEASE,
  SERVER_RELEASES,
  TLS_ENFORCEMENT_BUILDS,
  serverName,
  serverSupport,
  tls12Blockers,
  windowsBuild,
} from '../../domain/connect-requirements';
import type { TlsSettings } from '../../domain/host';
import { recordedLine } from '../../domain/local-time';
import type { Evidence } from '../types';
import {
  PATH_WORDS,
  recommendPath,
  serverCannotRunConnect,
  SYNC_ACCOUNT_NAME,
  type GapProbe,
  type SyncAccountFacts,
  type SyncAccountProbe,
  type UpgradePath,
  type UpgradeProbe,
  type UpgradeScope,
} from './facts';

export type UpgradeCheckResult = {
  status: 'pass' | 'fail' | 'warn' | 'not-applicable' | 'unknown';
  summary: string;
  evidence: Evidence[];
  route?: { stepId: string; reason: string } | null;
  /** A pass that rests on the admin's record (see Verdict.recorded). */
  recorded?: { by: string; at: string };
};

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });

export function toolEvidence(o: UpgradeProbe): Evidence[] {
  const t = o.tool;
  const out = [
    ev('Installed tool', `${t.displayName ?? t.label}${t.version ? ` ${t.version}` : ''}`, 'uninstall entries, both registry views'),
    ev('Bitness', t.bitness === '32' ? '32-bit (uninstall entry under WOW6432Node)' : t.bitness === '64' ? '64-bit' : 'unknown', 'uninstall entry'),
  ];
  if (t.uninstallString) out.push(ev('Uninstall string', t.uninstallString, 'uninstall entry'));
  for (const e of o.rejectEvents.slice(0, 2)) out.push(ev(`Event ${e.id} (${e.source})`, `${e.timeCreated}: ${e.message}`, `${e.log} event log`));
  return out;
}

function countEvidence(o: UpgradeProbe): Evidence {
  if (!o.objects) return ev('Objects in sync scope', o.objectsProblem ?? 'not counted: no Active Directory connection', 'Active Directory');
  const c = o.objects;
  return ev(
    'Objects in sync scope',
    `${c.total.toLocaleString('en-US')} (users ${c.users}, groups ${c.groups}, contacts ${c.contacts}); the in-place limit is ${IN_PLACE_OBJECT_LIMIT.toLocaleString('en-US')}`,
    c.source === 'directory' ? 'Active Directory (users, groups, contacts)' : 'lab scenario (the directory size it stands for)',
  );
}

const TRADE_OFFS: Record<UpgradePath, string> = {
  'in-place':
    'Keeps every setting and needs no second server; the server is busy during the upgrade. Do not uninstall DirSync first: the Entra Connect installer reads its settings and removes it itself.',
  'uninstall-reinstall':
    'The only way off the 32-bit tool; settings are not carried over and nothing syncs between the uninstall and the first sync of the new server, so objects deleted meanwhile must be removed in the cloud by hand (the deletion gap).',
  parallel: 'Sync keeps running while the new computer is prepared and no updates are lost; it needs a second computer and more steps, some of them there.',
};

function pathChosen(path: UpgradePath) {
  return (o: UpgradeProbe): UpgradeCheckResult => {
    const advice = recommendPath(o.tool, o.objects, o.adfs, serverCannotRunConnect(o.os));
    const evidence = [
      ...toolEvidence(o),
      countEvidence(o),
      ev(
        'AD FS on this server',
        o.adfs ? 'installed: the new tool cannot go on this server' : 'not installed',
        'Windows features, the adfssrv service, AD FS 2.0 uninstall entry',
      ),
      ev('Recommended path', advice.path ? `${PATH_WORDS[advice.path]}: ${advice.why}` : advice.why, "the articles and Microsoft's upgrade guidance"),
      ...(['in-place', 'uninstall-reinstall', 'parallel'] as const).map((p) => ev(`Trade-off: ${PATH_WORDS[p]}`, TRADE_OFFS[p], null)),
    ];
    if (o.tool.generation === 'none' || o.tool.generation === 'entra-connect') {
      const gone = o.records.choice;
      if (gone?.path === path)
        return {
          status: 'pass',
          summary: `You chose: ${PATH_WORDS[path]}. No deprecated tool is left here.`,
          evidence,
          recorded: { by: gone.by, at: gone.at },
        };
      return { status: 'not-applicable', summary: 'No deprecated sync tool is installed on this server.', evidence };
    }
    const chosen = o.records.choice;
    if (chosen?.path === path) {
      return {
        status: 'pass',
        summary: `You chose: ${PATH_WORDS[path]}.`,
        evidence: [...evidence, ev('Chosen', `${recordedLine(chosen)} (${chosen.at})`, 'recorded choice')],
        recorded: { by: chosen.by, at: chosen.at },
      };
    }
    const fits = pathFits(path, o);
    const other = chosen ? ` You chose "${PATH_WORDS[chosen.path]}" (${recordedLine(chosen)}); choosing this path replaces that choice.` : '';
    if (!fits.ok) return { status: 'fail', summary: `${PATH_WORDS[path]} does not fit this server: ${fits.why}${other}`, evidence };
    const t = o.tool;
    const what = `${t.displayName ?? t.label}${t.version ? ` ${t.version}` : ''}${t.bitness === '32' ? ' (32-bit)' : ''}`;
    const rejected = o.rejectEvents.length ? ', and its events say Microsoft no longer accepts it' : '';
    const counted = o.objects ? ` ${o.objects.total.toLocaleString('en-US')} objects in sync scope.` : '';
    const adfs = o.adfs ? ' AD FS runs on this server, so Entra Connect must go on another one.' : '';
    const recommendation = advice.path === path ? 'This is the recommended path.' : advice.path ? `Recommended: ${PATH_WORDS[advice.path]}.` : '';
    // The one step that speaks for the upgrade names the other paths that fit; it offers them too.
    const others = hostPath(o.scope) === path ? otherPathsThatFit(path, o) : [];
    const offered = others.length ? ` Also possible, offered in this step: ${others.map((p) => PATH_WORDS[p]).join('; ')}.` : '';
    const notChosen = chosen ? '' : ' No upgrade path is chosen yet.';
    return {
      status: 'fail',
      summary: `${what} is out of support${rejected}.${counted}${adfs}${notChosen} ${recommendation}${offered}${other}`.replace(/\s+/g, ' ').trim(),
      evidence,
    };
  };
}

const ALL_PATHS: readonly UpgradePath[] = ['in-place', 'uninstall-reinstall', 'parallel'];

/**
 * The path whose playbook speaks for the server's upgrade when none is chosen and none can be
 * recommended yet (a 64-bit tool whose objects are not counted): a second computer fits every
 * deprecated tool.
 */
export const fallbackHostPath: UpgradePath = 'parallel';

/** The path whose playbook reports the upgrade (one finding): the chosen one, else the recommended one, else the fallback. */
export function hostPath(scope: UpgradeScope): UpgradePath | null {
  if (scope.active) return scope.active;
  return scope.deprecated ? fallbackHostPath : null;
}

function otherPathsThatFit(path: UpgradePath, o: UpgradeProbe): UpgradePath[] {
  return ALL_PATHS.filter((p) => p !== path && pathFits(p, o).ok);
}

/** Whether a path may be chosen at all here (the in-place upgrade cannot take the 32-bit tool or a large forest). */
export function pathFits(path: UpgradePath, o: UpgradeProbe): { ok: true } | { ok: false; why: string } {
  if (o.tool.generation === 'none' || o.tool.generation === 'entra-connect') return { ok: false, why: 'no deprecated sync tool is installed' };
  if (path === 'in-place') {
    if (o.tool.bitness === '32')
      return { ok: false, why: 'the 32-bit tool cannot be upgraded in place (its database layout differs); uninstall it and install on a new 64-bit server' };
    if (o.adfs) return { ok: false, why: 'AD FS runs on this server, and the sync tool must not share a server with it; the new tool goes on another server' };
    // Current Connect installs only on 64-bit Windows Server 2016 or later (NOTES-windows §12.5): on an older server the new tool goes on a new one.
    if (serverCannotRunConnect(o.os)) {
      return {
        ok: false,
        why: `${serverName(o.os.version, o.os.caption)} cannot run Entra Connect (it needs 64-bit Windows Server 2016 or later), so the new tool goes on a new server`,
      };
    }
    if (!o.objects) return { ok: false, why: 'the objects in sync scope are not counted yet: connect to Active Directory' };
    if (o.objects.total >= IN_PLACE_OBJECT_LIMIT) {
      return {
        ok: false,
        why: `${o.objects.total.toLocaleString('en-US')} objects are in scope; above ${IN_PLACE_OBJECT_LIMIT.toLocaleString('en-US')} Microsoft's guidance is a second computer`,
      };
    }
  }
  return { ok: true };
}

/** What keeps the build to be installed (the current one, which negotiates TLS 1.2 itself) from TLS 1.2: SCHANNEL turned off only. */
function tls12Ready(t: TlsSettings): string[] {
  return tls12Blockers(t).map(({ value, actual }) => `${value.label} is ${actual} (needs ${value.needs})`);
}

const notForThisTool = (o: UpgradeProbe): UpgradeCheckResult | null =>
  o.tool.generation === 'none' || o.tool.generation === 'entra-connect'
    ? { status: 'not-applicable', summary: 'No deprecated sync tool is installed on this server.', evidence: toolEvidence(o) }
    : null;

/** Attested steps (done on another computer): pass once the admin recorded them, with the time. */
function attested(key: string, what: string, instructions: string) {
  return (o: UpgradeProbe): UpgradeCheckResult => {
    const a = o.records.attested[key];
    if (a) {
      return {
        status: 'pass',
        summary: `You recorded: ${what}. This computer cannot see it; it rests on your word.`,
        evidence: [ev('Attested', `${recordedLine(a)} (${a.at})`, 'recorded by the admin; this computer cannot see it')],
        recorded: { by: a.by, at: a.at },
      };
    }
    return {
      status: 'fail',
      summary: `Not recorded yet: ${what}. ${instructions}`,
      evidence: [ev('How it is checked', 'done on another computer: you record it here when it is done; the time is kept', null)],
    };
  };
}

/** The path steps, one per path: each is judged in its own playbook only. */
export const PATH_CHECKS: Record<UpgradePath, (o: UpgradeProbe) => UpgradeCheckResult> = {
  'in-place': pathChosen('in-place'),
  'uninstall-reinstall': pathChosen('uninstall-reinstall'),
  parallel: pathChosen('parallel'),
};

export const UPGRADE_CHECKS = {
  'upgrade-64bit-server'(o: UpgradeProbe): UpgradeCheckResult {
    const build = windowsBuild(o.os.version);
    const evidence = [
      ev('Operating system', `${o.os.caption} (${o.os.version}), ${o.os.is64Bit ? '64-bit' : '32-bit'}`, 'Win32_OperatingSystem'),
      ev('Supported', `${Object.values(SERVER_RELEASES.value.supported).join(', ')} (64-bit)`, `${SERVER_RELEASES.source}, ${SERVER_RELEASES.sourceDate}`),
    ];
    if (!o.os.is64Bit || !o.os.isServer)
      return { status: 'fail', summary: 'Entra Connect needs a 64-bit Windows Server; this is not one. Use a new server instead.', evidence };
    if (build === null) return { status: 'unknown', summary: `The Windows version "${o.os.version}" could not be read.`, evidence };
    const name = serverName(o.os.version, o.os.caption);
    const support = serverSupport(build);
    if (support === 'too-old') {
      return {
        status: 'fail',
        summary: `${name} is older than Windows Server 2016, the oldest Entra Connect installs on. Upgrade Windows first, or move to a new server.`,
        evidence,
      };
    }
    if (support === 'not-listed') {
      return {
        status: 'warn',
        summary: `${name} is not on Microsoft's list of Windows Server versions Entra Connect supports (as of ${SERVER_RELEASES.sourceDate}). Check Microsoft's prerequisites page first, or use Windows Server 2025 or 2022, which Microsoft recommends.`,
        evidence,
      };
    }
    const recommended = SERVER_RELEASES.value.recommended.includes(build) ? ' Microsoft recommends it.' : '';
    return { status: 'pass', summary: `${name}, 64-bit: Entra Connect installs here.${recommended}`, evidence };
  },

  'upgrade-dotnet'(o: UpgradeProbe): UpgradeCheckResult {
    const evidence = [
      ev('.NET Framework', dotNetVersionName(o.dotNetRelease), 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full, Release'),
      ev(
        'Required',
        `${DOTNET_MINIMUM.value.name} or later (release ${DOTNET_MINIMUM.value.release})`,
        `${DOTNET_MINIMUM.source}, ${DOTNET_MINIMUM.sourceDate}`,
      ),
    ];
    if (o.dotNetRelease !== null && o.dotNetRelease >= MIN_DOTNET_RELEASE)
      return { status: 'pass', summary: `.NET Framework ${dotNetVersionName(o.dotNetRelease)} is installed: enough for Entra Connect.`, evidence };
    return { status: 'fail', summary: 'Entra Connect needs .NET Framework 4.7.2 or later. Install it (then restart) before the upgrade.', evidence };
  },

  'upgrade-tls12'(o: UpgradeProbe): UpgradeCheckResult {
    if (!o.tls) return { status: 'unknown', summary: 'The TLS 1.2 registry values could not be read.', evidence: [] };
    const missing = tls12Ready(o.tls);
    const evidence = [
      ev('TLS 1.2 in Windows', missing.length ? `turned off: ${missing.join('; ')}` : 'not turned off', 'SCHANNEL Protocols\\TLS 1.2'),
      ev(
        'Registry values',
        `needed only for Entra Connect ${TLS_ENFORCEMENT_BUILDS.value.from} to ${TLS_ENFORCEMENT_BUILDS.value.through}; the current build negotiates TLS 1.2 itself`,
        `${TLS_ENFORCEMENT_BUILDS.source}, ${TLS_ENFORCEMENT_BUILDS.sourceDate}`,
      ),
    ];
    if (!missing.length)
      return { status: 'pass', summary: 'TLS 1.2 is not turned off in Windows: the current Entra Connect build needs no registry change for it.', evidence };
    return {
      status: 'fail',
      summary: 'TLS 1.2 is turned off in Windows (SCHANNEL): turn it back on (and restart the server) before the new tool can sign in to Entra ID.',
      evidence,
    };
  },

  'upgrade-no-adfs'(o: UpgradeProbe): UpgradeCheckResult {
    const evidence = [ev('AD FS', o.adfs ? 'installed on this server' : 'not installed', 'Windows features, the adfssrv service, AD FS 2.0 uninstall entry')];
    if (o.adfs)
      return {
        status: 'fail',
        summary: 'AD FS is installed here, and the sync tool must not share a server with it. Put the new tool on another server.',
        evidence,
      };
    return { status: 'pass', summary: 'AD FS is not installed on this server.', evidence };
  },

  'upgrade-no-run-in-progress'(o: UpgradeProbe): UpgradeCheckResult {
    const na = notForThisTool(o);
    if (na) return na;
    const evidence = o.lastRun
      ? [ev('Last run', `${o.lastRun.profile} on ${o.lastRun.connector}: ${o.lastRun.result} (${o.lastRun.startTime})`, 'run history')]
      : [];
    if (o.runInProgress === null) return { status: 'unknown', summary: 'The sync engine does not say whether a run is in progress.', evidence };
    if (o.runInProgress)
      return { status: 'fail', summary: 'A synchronization run is in progress: the tool must not be removed or stopped until it ends.', evidence };
    return { status: 'pass', summary: 'No synchronization run is in progress.', evidence };
  },

  'upgrade-tool-removed'(o: UpgradeProbe): UpgradeCheckResult {
    const restart = ev(
      'Restart pending',
      o.records.restartPending ? 'yes: restart the server to finish the removal' : 'no',
      "the uninstaller's exit code and Windows' pending file operations",
    );
    if (o.tool.generation === 'none') {
      return {
        status: 'pass',
        summary: `The old sync tool is removed (its uninstall entry is gone)${o.records.restartPending ? '; a restart is pending' : ''}.`,
        evidence: [ev('Uninstall entries', 'no DirSync or Azure AD Sync entry in either registry view', 'uninstall entries'), restart],
      };
    }
    if (o.tool.generation === 'entra-connect')
      return { status: 'not-applicable', summary: 'Entra Connect is installed; there is nothing to remove.', evidence: toolEvidence(o) };
    const busy = o.runInProgress ? ' A synchronization run is in progress: the uninstall waits until it ends.' : '';
    return { status: 'fail', summary: `${o.tool.displayName ?? o.tool.label} is still installed.${busy}`, evidence: [...toolEvidence(o), restart] };
  },

  'upgrade-tool-service-stopped'(o: UpgradeProbe): UpgradeCheckResult {
    const na = notForThisTool(o);
    if (na) return { ...na, summary: 'The old sync tool is no longer installed here.' };
    if (!o.toolService) return { status: 'unknown', summary: "The old tool's sync service was not found.", evidence: toolEvidence(o) };
    const evidence = [ev('Service', `${o.toolService.displayName} (${o.toolService.name}): ${o.toolService.state}`, `service ${o.toolService.name}`)];
    if (o.toolService.state === 'stopped') return { status: 'pass', summary: `${o.toolService.displayName} is stopped on this computer.`, evidence };
    return { status: 'fail', summary: `${o.toolService.displayName} is ${o.toolService.state}: stop it here before the new computer takes over.`, evidence };
  },

  'upgrade-connect-installed'(o: UpgradeProbe): UpgradeCheckResult {
    const evidence = [
      ...toolEvidence(o),
      ev('Download', `Microsoft's upgrade page names the current download: ${CONNECT_DOWNLOAD_PAGE}`, null),
      ...(o.lastRun
        ? [ev('Last run', `${o.lastRun.profile} on ${o.lastRun.connector}: ${o.lastRun.result} (${o.lastRun.endTime ?? o.lastRun.startTime})`, 'run history')]
        : []),
    ];
    if (o.tool.generation !== 'entra-connect') {
      return {
        status: 'fail',
        summary:
          'Entra Connect is not installed yet. Run its installer on this server; do not uninstall DirSync first (the installer moves its settings and removes it).',
        evidence,
      };
    }
    const chosenAt = o.records.choice?.at;
    const ran = o.lastRun && o.lastRun.result === 'success' && (!chosenAt || Date.parse(o.lastRun.startTime) >= Date.parse(chosenAt));
    if (!ran)
      return {
        status: 'fail',
        summary:
          "Entra Connect is installed and DirSync is gone, but no successful sync has run since: start one from the wizard's last page or the scheduler.",
        evidence,
      };
    return { status: 'pass', summary: 'Entra Connect is installed, DirSync is gone, and a sync ran successfully.', evidence };
  },

  'upgrade-attest-new-server-no-adfs': attested(
    'new-server-no-adfs',
    'AD FS is not installed on the server that gets Entra Connect',
    'This app cannot see that server: check there (Server Manager, or the AD FS role and the adfssrv service) and install Entra Connect on a server without AD FS.',
  ),
  'upgrade-attest-new-server': attested(
    'new-server',
    'Entra Connect installed and synchronizing on the new 64-bit server',
    'Install it there (64-bit Windows Server 2016 or later, .NET 4.7.2, TLS 1.2, no AD FS), run the configuration and let the first sync finish.',
  ),
  'upgrade-attest-new-computer': attested(
    'new-computer',
    'Entra Connect installed on the second computer with "synchronize now"',
    'Install it on the second computer and finish its configuration with a synchronization: that takes the sync relationship over from this computer.',
  ),
  'upgrade-attest-old-forced-sync': attested(
    'old-forced-sync',
    'a forced sync from this (old) computer after the new one finished',
    'When the new computer shows its first sync complete, run the configuration wizard here and force a synchronization: it sends the deletions made while sync was stopped.',
  ),
  'upgrade-attest-new-forced-sync': attested(
    'new-forced-sync',
    'the configuration wizard run again on the new computer, with a forced sync',
    'That takes the sync relationship back to the new computer for good.',
  ),
} satisfies Record<string, (o: UpgradeProbe) => UpgradeCheckResult>;

type DirectoryAccount = SyncAccountFacts['accounts'][number];
type DeletedAccount = SyncAccountFacts['deleted'][number];

/** Which MSOL_ account the tool uses, and how the app knows: read on the server, the only one, or the most likely. */
export interface AccountInUse {
  account: DirectoryAccount | null;
  /** Set when the account judged is gone: the deleted copy to restore. */
  deleted: DeletedAccount | null;
  how: 'configured' | 'only' | 'likely';
  why: string;
}

const SOURCE_WORDS = {
  'adsync-connector': "the AD connector's settings (Get-ADSyncConnector, forest-login-user)",
  'sync-engine-database': "the AD management agent's settings in DirSync's sync engine database (forest-login-user)",
} as const;

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);
const desc = (a: string | null, b: string | null) => (b ?? '').localeCompare(a ?? '');

/** Orders candidates by what says the tool uses them: the latest sign-in, then the latest password set, then the newest. */
function rankCandidates(accounts: readonly DirectoryAccount[]): DirectoryAccount[] {
  return [...accounts].sort(
    (a, b) => desc(a.lastLogonTimestamp, b.lastLogonTimestamp) || desc(a.pwdLastSet, b.pwdLastSet) || desc(a.whenCreated, b.whenCreated),
  );
}

function likelyWhy(best: DirectoryAccount, next: DirectoryAccount): string {
  if (best.lastLogonTimestamp && best.lastLogonTimestamp !== next.lastLogonTimestamp) {
    return `it signed in most recently (lastLogonTimestamp ${day(best.lastLogonTimestamp)}, a value AD updates only every week or two): the tool signs in with its account at every sync`;
  }
  if (best.pwdLastSet && best.pwdLastSet !== next.pwdLastSet) {
    return `its password was set most recently (pwdLastSet ${day(best.pwdLastSet)}): the configuration wizard sets it whenever it creates or reconfigures the account`;
  }
  if (best.whenCreated && best.whenCreated !== next.whenCreated) {
    return `it was created most recently (whenCreated ${day(best.whenCreated)}): a reinstall creates a new account and leaves the old one`;
  }
  return 'nothing in the directory tells these accounts apart; the first found is taken';
}

export function accountInUse(o: SyncAccountFacts): AccountInUse {
  if (o.inUse) {
    const name = o.inUse.user;
    const why = `the sync tool is configured with it (read from ${SOURCE_WORDS[o.inUse.source]})`;
    const live = o.accounts.find((a) => sameName(a.sAMAccountName, name));
    if (live) return { account: live, deleted: null, how: 'configured', why };
    return { account: null, deleted: o.deleted.find((d) => sameName(d.sAMAccountName, name)) ?? null, how: 'configured', why };
  }
  if (o.accounts.length === 1) return { account: o.accounts[0]!, deleted: null, how: 'only', why: 'it is the only MSOL_ account in the directory' };
  if (!o.accounts.length)
    return { account: null, deleted: o.deleted[0] ?? null, how: 'likely', why: 'no MSOL_ account is left; the most recently deleted one is taken' };
  const [best, next] = rankCandidates(o.accounts) as [DirectoryAccount, DirectoryAccount];
  return { account: best, deleted: null, how: 'likely', why: likelyWhy(best, next) };
}

function candidateEvidence(a: DirectoryAccount): Evidence {
  const when = (v: string | null, none: string) => day(v) ?? none;
  return ev(
    a.sAMAccountName,
    `${a.dn}; created ${when(a.whenCreated, 'at an unknown time')}, password set ${when(a.pwdLastSet, 'never')}, last sign-in ${when(a.lastLogonTimestamp, 'never recorded')}`,
    'Active Directory (whenCreated, pwdLastSet, lastLogonTimestamp)',
  );
}

export function syncAccountInUsers(o: SyncAccountProbe): UpgradeCheckResult {
  if (!o.connected) return { status: 'unknown', summary: o.problem ?? "Connect to Active Directory to check the sync tool's account.", evidence: [] };
  const judged = accountInUse(o);
  const inUseEvidence = o.inUse
    ? ev('Account in use', `${o.inUse.domain ? `${o.inUse.domain}\\` : ''}${o.inUse.user}`, SOURCE_WORDS[o.inUse.source])
    : ev('Account in use', `not readable on the server: ${o.inUseProblem ?? 'no reason given'}`, "the sync tool's AD connector settings");
  const evidence: Evidence[] = [
    ev('Where it must be', o.expectedParentDn ?? 'CN=Users', 'Microsoft: Install or upgrade the Directory Sync tool (TechNet, 2013), DirSync only'),
    inUseEvidence,
    ...o.accounts.map(candidateEvidence),
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
  const current = judged.account;
  // Said whenever the app could not read the account and had to weigh several.
  const guessed =
    judged.how === 'likely' && current
      ? ` The account in use could not be read on the server, so the app judged the most likely of ${o.accounts.length} MSOL_ accounts: ${current.sAMAccountName}, because ${judged.why}.`
      : '';
  if (current?.moved) {
    return { status: 'fail', summary: `${current.sAMAccountName} was moved out of the Users container; sync fails until it is back.${guessed}`, evidence };
  }
  if (current && !SYNC_ACCOUNT_NAME.test(current.sAMAccountName)) {
    return {
      status: 'pass',
      summary: `${current.sAMAccountName}, the account chosen at install, exists (${current.dn}); only the tool's own MSOL_ accounts must stay in the Users container.`,
      evidence,
    };
  }
  if (current) return { status: 'pass', summary: `${current.sAMAccountName} is in the Users container.${guessed}`, evidence };
  if (judged.deleted)
    return {
      status: 'fail',
      summary: `The sync tool's account ${judged.deleted.sAMAccountName} was deleted; it can be restored from the deleted objects.`,
      evidence,
    };
  if (o.inUse) {
    return {
      status: 'fail',
      summary: `The sync tool is configured with ${o.inUse.user}, which is not in the directory: the tool cannot read it. Running its configuration wizard again sets up an account.`,
      evidence,
    };
  }
  return {
    status: 'fail',
    summary: 'No MSOL_ account exists: the tool cannot read the directory. Running its configuration wizard again creates one.',
    evidence,
  };
}

export function gapClear(o: GapProbe): UpgradeCheckResult {
  if (!o.snapshot)
    return {
      status: 'fail',
      summary: 'No snapshot of the objects in sync scope was taken, so deletions made while no tool runs cannot be listed.',
      evidence: [],
    };
  const snap = ev('Snapshot', `${o.snapshot.count} objects on ${o.snapshot.takenAt}: ${o.snapshot.file}`, 'deletion-gap snapshot');
  if (o.deleted === null) return { status: 'unknown', summary: o.problem ?? 'Connect to Active Directory to list the deletions.', evidence: [snap] };
  const rows = o.deleted
    .slice(0, 50)
    .map((d) =>
      ev(
        `Deleted ${d.deletedAt ?? ''}`.trim(),
        `${d.objectClass} ${d.dn}${d.upn ? ` (${d.upn})` : d.mail ? ` (${d.mail})` : ''}, objectGUID ${d.objectGuid}`,
        'Deleted Objects, matched by objectGUID',
      ),
    );
  const exportHint = ev('Export', `dirsync-doctor gap list --snapshot "${o.snapshot.file}" --format csv`, 'command line');
  if (o.deleted.length === 0)
    return { status: 'pass', summary: 'No object of the snapshot has been deleted since: the cloud has nothing extra to remove.', evidence: [snap] };
  const latest =
    o.deleted
      .map((d) => d.deletedAt ?? '')
      .sort()
      .at(-1) ?? '';
  if (o.cleanupAttestedAt && o.cleanupAttestedAt >= latest) {
    const record = { by: o.cleanupAttestedBy ?? 'unknown', at: o.cleanupAttestedAt };
    return {
      status: 'pass',
      summary: `${o.deleted.length} object(s) were deleted since the snapshot; you recorded that they were removed in the cloud.`,
      evidence: [
        snap,
        ev('Removed in the cloud', `${recordedLine(record)} (${record.at})`, 'recorded by the admin; this computer cannot see the cloud'),
        ...rows,
        exportHint,
      ],
      recorded: record,
    };
  }
  return {
    status: 'fail',
    summary: `${o.deleted.length} object(s) of the snapshot were deleted on-premises since; the cloud never hears of it. Remove them in Microsoft 365 / Entra ID.`,
    evidence: [snap, ...rows, exportHint],
  };
}

export function gapSnapshotTaken(o: GapProbe): UpgradeCheckResult {
  if (!o.snapshot) return { status: 'fail', summary: 'No snapshot yet: take it before the old tool is stopped or removed.', evidence: [] };
  return {
    status: 'pass',
    summary: `${o.snapshot.count} objects in sync scope were recorded on ${o.snapshot.takenAt}.`,
    evidence: [
      ev('Snapshot file', o.snapshot.file, 'deletion-gap snapshot'),
      ev('Taken', o.snapshot.takenAt, null),
      ev('Objects', String(o.snapshot.count), null),
    ],
  };
}

/** What a step of another path's playbook says: nothing to do there (each problem is reported once). */
export function outOfScope(scope: UpgradeScope, path: UpgradePath): UpgradeCheckResult | null {
  if (!scope.deprecated && !scope.chosen)
    return { status: 'not-applicable', summary: 'No deprecated sync tool is installed and no upgrade path was chosen on this server.', evidence: [] };
  if (scope.active && scope.active !== path) {
    return {
      status: 'not-applicable',
      summary: `This server follows another path: ${PATH_WORDS[scope.active]}${scope.chosen ? ' (your choice)' : ' (recommended)'}.`,
      evidence: [],
    };
  }
  return null;
}

/** A path step outside the active path: an alternative the admin may still take (when it fits). */
export function pathStepInScope(scope: UpgradeScope, path: UpgradePath, run: () => UpgradeCheckResult): UpgradeCheckResult {
  if (!scope.deprecated && scope.chosen !== path)
    return { status: 'not-applicable', summary: 'No deprecated sync tool is installed on this server.', evidence: [] };
  if (scope.active && scope.active !== path) {
    if (!scope.fits[path])
      return { status: 'not-applicable', summary: `This path does not fit this server; it follows: ${PATH_WORDS[scope.active]}.`, evidence: [] };
    const r = run();
    return r.status === 'fail' ? { ...r, status: 'warn', summary: `Alternative path: ${PATH_WORDS[path]}. ${r.summary}` } : r;
  }
  return run();
}
