// How the lab server's connectors are configured: the accounts they sign in with (AD connector's
// forest-login-user, the Entra connector's account) and the AD connector's OU filtering.
import type { AdConnectorAccount, ConnectorAccounts, ConnectorOuFiltering } from '../../shared/domain/host';
import { compareVersions } from '../../shared/domain/version-floors';
import type { DirectoryPort } from '../ports/directory-port';
import type { LabContext } from './lab-context';
import type { LabSyncEngine } from './lab-sync-engine';
import type { SyncToolGeneration } from '../../shared/domain/host';

export class LabConnectors {
  constructor(
    private readonly ctx: LabContext,
    private readonly directory: DirectoryPort,
    private readonly engine: LabSyncEngine,
    private readonly generation: () => SyncToolGeneration,
  ) {}

  async accounts(): Promise<ConnectorAccounts> {
    const generation = this.generation();
    const { scenario } = this.ctx;
    const cloud = this.engine.cloud;
    if (generation === 'none') return { ad: [], entra: null, dirsyncCloudUser: null };
    if (generation === 'dirsync') return { ad: [], entra: null, dirsyncCloudUser: cloud.userName ?? null };
    const ad = scenario.connectors.ad;
    const appAuth = cloud.authentication === 'application';
    return {
      ad: [{ connector: this.engine.adConnectorName(), user: ad.loginUser ?? this.msolAccount() ?? null, domain: ad.loginDomain ?? scenario.os.domain }],
      entra: {
        connector: this.engine.entraConnectorName(),
        userName: cloud.userName !== undefined ? cloud.userName : appAuth ? null : `Sync_${scenario.os.computerName}_5f3a9c0e1b2d@contoso.onmicrosoft.com`,
        identityType: appAuth ? 'application' : hasEntraCredentialCmdlet(scenario.tool?.version) ? 'service-account' : null,
      },
      dirsyncCloudUser: null,
    };
  }

  async adConnectorAccount(): Promise<AdConnectorAccount> {
    const generation = this.generation();
    if (generation === 'none')
      return { source: null, accounts: [], problem: 'Neither the ADSync module nor a DirSync sync engine database is registered on this server.' };
    const { scenario } = this.ctx;
    const ad = scenario.connectors.ad;
    if (ad.loginUnreadable) return { source: null, accounts: [], problem: ad.loginUnreadable };
    const source = generation === 'dirsync' ? 'sync-engine-database' : 'adsync-connector';
    const user = ad.loginUser ?? this.msolAccount();
    if (!user) return { source, accounts: [], problem: 'The sync engine has no Active Directory connector with a configured account.' };
    return { source, accounts: [{ connector: this.engine.adConnectorName(), user, domain: ad.loginDomain ?? scenario.os.domain }], problem: null };
  }

  async ouFiltering(): Promise<ConnectorOuFiltering> {
    const generation = this.generation();
    if (generation === 'none') {
      return {
        source: null,
        tool: 'none',
        partitions: [],
        problem: {
          code: 'no-sync-tool',
          message: 'Neither the ADSync module (AADSync, Entra Connect) nor a DirSync sync engine is registered on this server.',
        },
      };
    }
    if (generation === 'dirsync') {
      return {
        source: null,
        tool: 'dirsync',
        partitions: [],
        problem: {
          code: 'not-readable-on-tool',
          message:
            "DirSync keeps its OU filtering in its sync engine's management agent configuration (Synchronization Service Manager, the AD connector's Configure Directory Partitions, Containers), which no DirSync cmdlet reads: it is not readable on this tool.",
        },
      };
    }
    const filtering = this.ctx.scenario.connectors.ad.ouFiltering;
    if (filtering?.unreadable) return { source: null, tool: 'adsync', partitions: [], problem: { code: 'unexpected-shape', message: filtering.unreadable } };
    // The partition is the lab directory's naming context, as Connect's Partition.DN is the domain's.
    const { baseDn } = await this.directory.info();
    const absolute = (c: string) => `${c},${baseDn}`;
    const inclusions = filtering ? [...(filtering.wholeDomain ? [baseDn] : []), ...filtering.inclusions.map(absolute)] : [baseDn];
    return {
      source: 'adsync-connector',
      tool: 'adsync',
      partitions: [
        {
          connector: this.engine.adConnectorName(),
          dn: baseDn,
          name: dnsNameOf(baseDn),
          selected: filtering?.selected ?? true,
          inclusions,
          exclusions: (filtering?.exclusions ?? []).map(absolute),
        },
      ],
      problem: null,
    };
  }

  private msolAccount(): string | undefined {
    return this.ctx.scenario.accounts.find((a) => /^MSOL_/i.test(a.sAMAccountName))?.sAMAccountName;
  }
}

/** Get-ADSyncEntraConnectorCredential came with 2.5.3.0. */
function hasEntraCredentialCmdlet(version: string | undefined): boolean {
  return version !== undefined && (compareVersions(version, '2.5.3.0') ?? -1) >= 0;
}

/** DC=lab,DC=example,DC=com → lab.example.com (a partition's name is its domain's DNS name). */
function dnsNameOf(dn: string): string | null {
  const labels = dn
    .split(',')
    .filter((p) => /^dc=/i.test(p.trim()))
    .map((p) => p.trim().slice(3));
  return labels.length ? labels.join('.') : null;
}
