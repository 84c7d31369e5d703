// What the workbench shows of the directory beside a scan: the OUs to choose a scope from, and one
// object's scanned attributes for the side panel.
import type { OuListing } from '../../shared/readiness/ipc';
import { SCAN_ATTRIBUTES } from '../../shared/readiness/scan/scan-object';
import type { DirectoryPort } from '../ports/directory-port';

/** OUs the scope chooser lists at most (a directory with more shows the first ones and says so). */
const MAX_OUS = 5_000;

/** The attributes the readiness scan judges, shown whole in the side panel (the scan's own list, less its bookkeeping). */
const OBJECT_ATTRIBUTES: string[] = SCAN_ATTRIBUTES.filter((a) => a !== 'distinguishedName' && a !== 'objectGUID' && a !== 'uSNChanged');

/** The domain's OUs and the containers right under the domain (CN=Users …), sorted by their path from the domain. */
export async function listOus(dir: DirectoryPort, signal?: AbortSignal): Promise<OuListing> {
  const domainDn = (await dir.info()).baseDn;
  const found = new Map<string, { dn: string; name: string }>();
  let truncated = false;
  const collect = async (scope: 'one' | 'sub', filter: string) => {
    for await (const e of dir.search({ base: domainDn, scope, filter, attributes: ['ou', 'cn'] }, { signal })) {
      if (found.size >= MAX_OUS) {
        truncated = true;
        break;
      }
      const name = e.attributes.ou?.[0] ?? e.attributes.cn?.[0] ?? e.dn;
      found.set(e.dn.toLowerCase(), { dn: e.dn, name });
    }
  };
  await collect('one', '(objectClass=container)');
  await collect('sub', '(objectClass=organizationalUnit)');
  // Parents before children: sorted by the RDNs from the domain down.
  const pathOf = (dn: string) =>
    dn
      .slice(0, Math.max(0, dn.length - domainDn.length - 1))
      .split(/,(?=(?:OU|CN)=)/i)
      .reverse()
      .join('\u0000')
      .toLowerCase();
  const ous = [...found.values()].sort((a, b) => (pathOf(a.dn) < pathOf(b.dn) ? -1 : pathOf(a.dn) > pathOf(b.dn) ? 1 : 0));
  return { domainDn, ous, truncated };
}

/** The object's scanned attributes now (binary ones left out), or null when it is gone. */
export async function readObject(dir: DirectoryPort, dn: string, signal?: AbortSignal): Promise<{ dn: string; attributes: Record<string, string[]> } | null> {
  try {
    for await (const e of dir.search({ base: dn, scope: 'base', filter: '(objectClass=*)', attributes: OBJECT_ATTRIBUTES }, { signal })) {
      const attributes: Record<string, string[]> = {};
      for (const a of OBJECT_ATTRIBUTES) if (e.attributes[a]?.length) attributes[a] = e.attributes[a]!;
      return { dn: e.dn, attributes };
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'not-found') return null;
    throw e;
  }
  return null;
}
