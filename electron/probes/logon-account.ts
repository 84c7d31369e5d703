// Probe for KB 2882421 Method 2: the account the sync engine service logs on as, its kind, the
// other sync services that use the same account, their recent logon failures, and the account
// itself, in Active Directory (domain user) or among the server's local accounts (local user).
// A directory or server that does not answer becomes `{ ok: false, reason }`, not an error.
import { logonKind } from '../../shared/domain/logon';
import { syncEngineService } from '../../shared/domain/sync-tools';
import { accountShortName } from '../../shared/playbooks/logon-kind';
import type { LogonAccountProbe, ServiceLogonFacts } from '../../shared/playbooks/probes';
import type { PortContext } from './context';
import { readProblem } from './read-problem';

const DAY = 24 * 3600_000;

export async function probeLogonAccount(ctx: PortContext, signal?: AbortSignal): Promise<LogonAccountProbe> {
  const opts = { signal, timeoutMs: 20_000 };
  const since = new Date(ctx.now().getTime() - DAY).toISOString();
  const [tool, os, failures] = await Promise.all([
    ctx.host.syncTool(opts),
    ctx.host.osFacts(opts),
    ctx.host.queryEvents({ log: 'System', sources: ['Service Control Manager'], ids: [7000, 7038], since, maxEvents: 50 }, opts),
  ]);
  const expected = syncEngineService(tool.generation);
  const engineService = expected && tool.services.find((s) => s.name.toLowerCase() === expected.name.toLowerCase());
  const base = { generation: tool.generation, version: tool.version ?? tool.connectVersion, computerName: os.computerName };
  if (!engineService) return { ...base, engine: null, sameAccount: [], logonFailures: [], domain: null, local: null };

  const logon = await ctx.host.serviceLogon(engineService.name, opts);
  const engine: ServiceLogonFacts = { service: engineService, logon };
  const same = (account: string) => account.trim().toLowerCase() === logon.account.trim().toLowerCase();
  const sameAccount: ServiceLogonFacts[] = tool.services
    .filter((s) => same(s.logonAccount))
    .map((s) =>
      s.name === engineService.name
        ? engine
        : { service: s, logon: { service: s.name, account: s.logonAccount, kind: logonKind(s.logonAccount, os.computerName), original: null } },
    );
  const mentions = (m: string) => sameAccount.some((s) => m.includes(` ${s.service.name} `) || m.includes(s.service.displayName));

  let domain: LogonAccountProbe['domain'] = null;
  let local: LogonAccountProbe['local'] = null;
  if (logon.kind === 'domain-user' && ctx.directory) {
    const dir = ctx.directory;
    try {
      const [account, info] = await Promise.all([dir.findAccount(logon.account, opts), dir.info(opts)]);
      const deleted = account ? [] : await dir.findDeletedAccounts(logon.account, opts);
      domain = { ok: true, value: { account, deleted, recycleBinEnabled: info.recycleBinEnabled } };
    } catch (e) {
      domain = { ok: false, reason: readProblem(e) };
    }
  }
  if (logon.kind === 'local-user') {
    const name = accountShortName(logon.account);
    try {
      const users = await ctx.host.localUsers(name, opts);
      local = { ok: true, value: { user: users.find((u) => u.name.toLowerCase() === name.toLowerCase()) ?? null } };
    } catch (e) {
      local = { ok: false, reason: readProblem(e) };
    }
  }
  return { ...base, engine, sameAccount, logonFailures: failures.filter((e) => mentions(e.message)), domain, local };
}
