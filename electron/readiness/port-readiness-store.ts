// The readiness store over any DirectoryPort's searches, writing through a function the directory
// gives (the in-memory lab directory's modifyValues): so the workbench can be practised in the lab
// without a domain controller, with the same re-reads, write policy and undo files as over LDAPS.
import { guidFromBytes, OR_FILTER_LIMITS, orFilterChunks } from '../../shared/ldap';
import type { ValueChange } from '../../shared/readiness/value-change';
import type { ObjectFacts, PolicyContext } from '../../shared/readiness/write-policy';
import type { DirectoryEntry, DirectoryPort } from '../ports/directory-port';
import { DirectoryError } from '../ports/errors';
import { factsOf, FACT_ATTRIBUTES, readKey, WRITE_REASONS, type ObjectValues, type ReadinessStore } from './readiness-store';

export type ValueWriter = (dn: string, attribute: string, remove: readonly string[], add: readonly string[], signal?: AbortSignal) => Promise<void>;

const guidOf = (e: DirectoryEntry) => {
  const b = e.attributes.objectGUID?.[0] ? Buffer.from(e.attributes.objectGUID[0], 'base64') : null;
  return b?.length === 16 ? guidFromBytes(b) : '';
};
const valuesOf = (e: DirectoryEntry, attribute: string) =>
  e.attributes[Object.keys(e.attributes).find((k) => k.toLowerCase() === attribute.toLowerCase()) ?? attribute] ?? [];

export class PortReadinessStore implements ReadinessStore {
  constructor(
    private readonly dir: DirectoryPort,
    readonly server: string,
    private readonly writer: ValueWriter,
  ) {}

  private async readBase(dn: string, attributes: string[], signal?: AbortSignal): Promise<DirectoryEntry | null> {
    try {
      for await (const e of this.dir.search({ base: dn, scope: 'base', filter: '(objectClass=*)', attributes }, { signal })) return e;
      return null;
    } catch (e) {
      if (e instanceof DirectoryError && e.code === 'not-found') return null;
      throw e;
    }
  }

  async read(dn: string, attribute: string, signal?: AbortSignal): Promise<ObjectValues | null> {
    const e = await this.readBase(dn, [attribute, 'objectGUID'], signal);
    return e && { objectGuid: guidOf(e), values: valuesOf(e, attribute) };
  }

  async readMany(rows: readonly { dn: string; attribute: string }[], signal?: AbortSignal): Promise<Map<string, ObjectValues>> {
    const out = new Map<string, ObjectValues>();
    const wanted = new Map<string, Set<string>>();
    for (const r of rows) {
      const key = r.dn.toLowerCase();
      if (!wanted.has(key)) wanted.set(key, new Set());
      wanted.get(key)!.add(r.attribute);
    }
    const attributes = [...new Set(rows.map((r) => r.attribute)), 'objectGUID'];
    for (const { filter } of orFilterChunks([...wanted.keys()], (v) => `(distinguishedName=${v})`, OR_FILTER_LIMITS)) {
      for await (const e of this.dir.search({ filter, attributes, pageSize: 1000 }, { signal })) {
        for (const a of wanted.get(e.dn.toLowerCase()) ?? []) out.set(readKey(e.dn, a), { objectGuid: guidOf(e), values: valuesOf(e, a) });
      }
    }
    return out;
  }

  async policyContext(signal?: AbortSignal): Promise<PolicyContext> {
    const domainDn = (await this.dir.info({ signal })).baseDn;
    const root = await this.readBase('', ['configurationNamingContext'], signal);
    const config = root ? valuesOf(root, 'configurationNamingContext')[0] : undefined;
    if (!config) throw new DirectoryError('ldap-error', 'The directory did not say where its configuration partition is.');
    return { domainDn, partitionsDn: `CN=Partitions,${config}` };
  }

  async readFacts(dns: readonly string[], signal?: AbortSignal): Promise<Map<string, ObjectFacts>> {
    const out = new Map<string, ObjectFacts>();
    for (const dn of new Set(dns.map((d) => d.toLowerCase()))) {
      const e = await this.readBase(dn, FACT_ATTRIBUTES, signal);
      if (e) out.set(dn, factsOf(e.dn, e.attributes));
    }
    return out;
  }

  async write(change: ValueChange, signal?: AbortSignal): Promise<void> {
    if (!change.remove.length && !change.add.length) return;
    try {
      await this.writer(change.dn, change.attribute, change.remove, change.add, signal);
    } catch (e) {
      if (e instanceof DirectoryError && typeof e.details.resultCode === 'number' && WRITE_REASONS[e.details.resultCode]) {
        throw new DirectoryError(e.code, WRITE_REASONS[e.details.resultCode]!, e.details);
      }
      throw e;
    }
  }
}
