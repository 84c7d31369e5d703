// The lab server's network side: the TLS 1.2 registry values and the Entra ID endpoint as the
// machine's proxy lets it through.
import type { EndpointTest, TlsSettings, TlsWriteResult } from '../../shared/domain/host';
import { tls12ShortfallsFor, tlsEnforcement, type TlsEnforcement } from '../../shared/domain/connect-requirements';
import type { OperationOptions } from '../ports/host-port';
import { requireElevated, type LabContext } from './lab-context';
import type { LabTls, Scenario } from './scenario';

/**
 * TLS 1.2 as the sync engine sees it: the same rule the checks judge by
 * (shared/domain/connect-requirements). A build that negotiates TLS 1.2 itself (2.4.131.0 and
 * later) needs no registry values: only SCHANNEL turned off stops it.
 */
export function tls12Ready(t: TlsSettings, need: TlsEnforcement = 'needed'): boolean {
  return tls12ShortfallsFor(t, need).length === 0;
}

export class LabNetwork {
  private readonly tls: LabTls;

  constructor(private readonly ctx: LabContext) {
    this.tls = structuredClone(ctx.scenario.tls);
  }

  tls12Ready(): boolean {
    return tls12Ready(this.tls, this.need());
  }

  /** Whether the installed tool needs the registry values (no tool: Windows' own defaults apply). */
  private need(): TlsEnforcement {
    const tool = this.ctx.scenario.tool;
    return tool ? tlsEnforcement(tool.generation, tool.version) : 'not-needed';
  }

  /** What the endpoint answers through the proxy (TLS aside). */
  endpoint(): Scenario['network']['endpoint'] {
    return this.ctx.scenario.network.endpoint;
  }

  /** The proxy now lets this server through to Entra ID (the admin changed it). */
  adminOpenProxy(): void {
    this.ctx.scenario.network.endpoint = 'ok';
  }

  async tlsSettings(): Promise<TlsSettings> {
    return structuredClone(this.tls);
  }

  async enableTls12(opts: OperationOptions = {}): Promise<TlsWriteResult> {
    requireElevated(this.ctx, 'Writing the TLS settings');
    await this.ctx.delay(opts);
    const changed: string[] = [];
    const set = <K extends string>(obj: Record<K, number | null>, key: K, wanted: number, label: string) => {
      if (obj[key] !== wanted) {
        obj[key] = wanted;
        changed.push(label);
      }
    };
    const net = (view: string) => `HKLM\\SOFTWARE\\${view}Microsoft\\.NETFramework\\v4.0.30319\\`;
    const sch = (side: string) => `HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\${side}\\`;
    set(this.tls.netFramework64, 'schUseStrongCrypto', 1, `${net('')}SchUseStrongCrypto`);
    set(this.tls.netFramework64, 'systemDefaultTlsVersions', 1, `${net('')}SystemDefaultTlsVersions`);
    set(this.tls.netFramework32, 'schUseStrongCrypto', 1, `${net('WOW6432Node\\')}SchUseStrongCrypto`);
    set(this.tls.netFramework32, 'systemDefaultTlsVersions', 1, `${net('WOW6432Node\\')}SystemDefaultTlsVersions`);
    set(this.tls.schannelClient, 'enabled', 1, `${sch('Client')}Enabled`);
    set(this.tls.schannelClient, 'disabledByDefault', 0, `${sch('Client')}DisabledByDefault`);
    set(this.tls.schannelServer, 'enabled', 1, `${sch('Server')}Enabled`);
    set(this.tls.schannelServer, 'disabledByDefault', 0, `${sch('Server')}DisabledByDefault`);
    return { changed, rebootRequired: changed.length > 0, settings: structuredClone(this.tls) };
  }

  async testEndpoint(opts: OperationOptions = {}): Promise<EndpointTest> {
    await this.ctx.delay(opts);
    const url = 'https://adminwebservice.microsoftonline.com/ProvisioningService.svc';
    const { endpoint, proxy } = this.ctx.scenario.network;
    if (!this.tls12Ready()) {
      return { url, proxy, statusCode: null, outcome: 'tls', message: 'The request was aborted: Could not create SSL/TLS secure channel.' };
    }
    switch (endpoint) {
      case 'blocked':
        return { url, proxy, statusCode: 403, outcome: 'blocked', message: 'Forbidden' };
      case 'proxy-auth':
        return { url, proxy, statusCode: 407, outcome: 'proxy-auth', message: 'Proxy Authentication Required' };
      case 'unreachable':
        return { url, proxy, statusCode: null, outcome: 'unreachable', message: 'ConnectFailure: Unable to connect to the remote server' };
      default:
        return { url, proxy, statusCode: 200, outcome: 'ok', message: 'OK' };
    }
  }
}
