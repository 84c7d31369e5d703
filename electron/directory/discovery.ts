// On a domain-joined Windows server, find the domain and a domain controller without asking:
// the signed-in session's USERDNSDOMAIN and LOGONSERVER, then the DNS SRV records every AD
// domain publishes for its DCs (_ldap._tcp.dc._msdcs.<domain>), preferring the DC that logged us on.
import dns from 'node:dns';
import { DirectoryError } from '../ports/errors';

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export interface SrvResolver {
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

export interface DiscoveredDirectory {
  /** DNS domain, lower case, e.g. corp.contoso.com. */
  domain: string;
  /** The DC chosen, e.g. dc01.corp.contoso.com. */
  dcHostName: string;
  /** LDAPS on the chosen DC. */
  url: string;
  /** Every DC found, best first (the chosen one first). */
  candidates: string[];
  /** Where the DC came from: the SRV records, or LOGONSERVER when DNS gave nothing. */
  source: 'srv' | 'logonserver';
}

export interface DiscoveryOptions {
  env?: Readonly<Record<string, string | undefined>>;
  resolver?: SrvResolver;
}

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export function srvQueryName(domain: string): string {
  return `_ldap._tcp.dc._msdcs.${domain}`;
}

/** Best first: lowest priority, then highest weight (RFC 2782 without the randomness, so results are stable). */
export function orderSrv(records: readonly SrvRecord[]): string[] {
  return [...records]
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight || a.name.localeCompare(b.name))
    .map((r) => r.name.replace(/\.$/, '').toLowerCase())
    .filter((n, i, all) => n !== '' && all.indexOf(n) === i);
}

function defaultResolver(): SrvResolver {
  const r = new dns.promises.Resolver({ timeout: 3000, tries: 2 });
  return { resolveSrv: (name) => r.resolveSrv(name) };
}

/**
 * The domain and DC for this session, or null when the session is not a domain logon
 * (no USERDNSDOMAIN: a workgroup machine, a local account, or not Windows).
 */
export async function discoverDirectory(options: DiscoveryOptions = {}): Promise<DiscoveredDirectory | null> {
  const env = options.env ?? process.env;
  const domain = env.USERDNSDOMAIN?.trim().replace(/\.$/, '').toLowerCase();
  if (!domain) return null;
  if (!DNS_NAME.test(domain)) throw new DirectoryError('bad-input', `USERDNSDOMAIN "${env.USERDNSDOMAIN}" is not a DNS domain name`);
  // LOGONSERVER is \\NAME; it names this very machine for a local logon, which is no DC to use.
  const logonServer = env.LOGONSERVER?.trim().replace(/^\\\\/, '').toLowerCase() || null;
  const usefulLogonServer = logonServer && logonServer !== env.COMPUTERNAME?.trim().toLowerCase() ? logonServer : null;

  let candidates: string[] = [];
  let dnsProblem: string | null = null;
  try {
    candidates = orderSrv(await (options.resolver ?? defaultResolver()).resolveSrv(srvQueryName(domain)));
    if (candidates.length === 0) dnsProblem = 'no SRV records';
  } catch (err) {
    dnsProblem = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }

  if (candidates.length > 0) {
    const preferred = usefulLogonServer ? candidates.find((c) => c.split('.')[0] === usefulLogonServer) : undefined;
    if (preferred) candidates = [preferred, ...candidates.filter((c) => c !== preferred)];
    const dcHostName = candidates[0]!;
    return { domain, dcHostName, url: `ldaps://${dcHostName}:636`, candidates, source: 'srv' };
  }
  if (usefulLogonServer) {
    const dcHostName = `${usefulLogonServer}.${domain}`;
    return { domain, dcHostName, url: `ldaps://${dcHostName}:636`, candidates: [dcHostName], source: 'logonserver' };
  }
  throw new DirectoryError('unreachable', `no domain controller found for ${domain}: DNS lookup of ${srvQueryName(domain)} failed (${dnsProblem})`, {
    query: srvQueryName(domain),
  });
}
