// Probes about the server around the sync tool: AD FS beside it, and the account Connect's AD
// connector signs in with (named in the connector's parameters, looked up in the directory).
import { SYNC_ACCOUNT_NAME } from '../../shared/playbooks/upgrade/facts';
import type { AdConnectorAccountProbe, AdfsProbe } from '../../shared/playbooks/probes';
import { dnEquals } from '../../shared/ldap';
import type { PortContext } from './context';
import { readAccountInUse } from './dirsync-upgrade';
import { readProblem } from './read-problem';

const opts = (signal?: AbortSignal) => ({ signal, timeoutMs: 20_000 });

export async function probeAdfs(ctx: PortContext, signal?: AbortSignal): Promise<AdfsProbe> {
  const [tool, adfs] = await Promise.all([ctx.host.syncTool(opts(signal)), ctx.host.adfsInstalled(opts(signal))]);
  return { generation: tool.generation, adfs };
}

export async function probeAdConnectorAccount(ctx: PortContext, signal?: AbortSignal): Promise<AdConnectorAccountProbe> {
  const tool = await ctx.host.syncTool(opts(signal));
  const none = { accounts: [], deleted: [], recycleBinEnabled: false, expectedParentDn: null };
  if (tool.generation !== 'entra-connect') return { generation: tool.generation, connected: false, problem: null, inUse: null, inUseProblem: null, ...none };
  // The account the connector is configured with: the same reading as the upgrade playbooks' step.
  const used = await readAccountInUse(ctx, opts(signal));
  const base = { generation: tool.generation, ...used };
  const user = used.inUse?.user;
  if (!user) return { ...base, connected: false, problem: null, ...none };
  const dir = ctx.directory;
  if (!dir) return { ...base, connected: false, problem: "Connect to Active Directory to check the AD connector's account.", ...none };
  try {
    const info = await dir.info(opts(signal));
    const usersDn = `CN=Users,${info.baseDn}`;
    // Only the installer's MSOL_ account has a place it must stay; a custom account may live anywhere.
    const installerMade = SYNC_ACCOUNT_NAME.test(user);
    const account = await dir.findAccount(user, opts(signal));
    if (account) {
      const moved = installerMade && !dnEquals(account.parentDn, usersDn);
      return {
        ...base,
        connected: true,
        problem: null,
        recycleBinEnabled: info.recycleBinEnabled,
        expectedParentDn: installerMade ? usersDn : account.parentDn,
        accounts: [
          {
            sAMAccountName: account.sAMAccountName,
            dn: account.dn,
            parentDn: account.parentDn,
            moved,
            whenCreated: null,
            pwdLastSet: account.pwdLastSet,
            lastLogonTimestamp: null,
          },
        ],
        deleted: [],
      };
    }
    const deleted = (await dir.findDeletedAccounts(user, opts(signal)))
      .map((d) => ({ sAMAccountName: d.sAMAccountName ?? user, dn: d.dn, lastKnownParent: d.lastKnownParent, whenChanged: d.whenChanged }))
      .sort((a, b) => (b.whenChanged ?? '').localeCompare(a.whenChanged ?? ''));
    return {
      ...base,
      connected: true,
      problem: null,
      recycleBinEnabled: info.recycleBinEnabled,
      accounts: [],
      deleted,
      // Restored where the installer put it, or where a custom account last lived.
      expectedParentDn: installerMade ? usersDn : (deleted[0]?.lastKnownParent ?? usersDn),
    };
  } catch (e) {
    return { ...base, connected: false, problem: `The AD connector's account could not be checked: ${readProblem(e)}`, ...none };
  }
}
