// Where the workbench reads and writes directory values: one attribute of one object at a time,
// and the re-reads of many rows together (readMany: one search per chunk of DNs, an OR filter of
// escaped DNs, instead of one read per row). LdapReadinessStore goes over the app's LdapDirectory
// connection (LDAPS/StartTLS, its timeouts, cancellation and error mapping); each write is one
// LDAP modify, so an attribute is never left half-written, and deleting the old value doubles as
// the directory's own compare-and-swap.
import { Attribute, Change } from 'ldapts';
import { guidFromBytes, OR_FILTER_LIMITS, orFilterChunks } from '../../shared/ldap';
import type { ValueChange } from '../../shared/readiness/value-change';
import type { ObjectFacts, PolicyContext } from '../../shared/readiness/write-policy';
import type { LdapDirectory } from '../directory/ldap-directory';
import { DirectoryError } from '../ports/errors';

export interface ObjectValues {
  objectGuid: string;
  values: string[];
}

/** Where a value read ahead is filed: the object's DN and the attribute, case-insensitive. */
export const readKey = (dn: string, attribute: string) => `${dn.toLowerCase()}\u0000${attribute.toLowerCase()}`;

export interface ReadinessStore {
  /** Where writes go (a URL), for the undo file and the audit log. */
  readonly server: string;
  /** The attribute's values now, with the object's GUID; null when no object is at that DN. */
  read(dn: string, attribute: string, signal?: AbortSignal): Promise<ObjectValues | null>;
  /**
   * Many rows' attributes in a few searches, filed by readKey. A row missing from the answer was
   * not found that way (gone, or outside the domain's naming context): read it alone.
   */
  readMany?(rows: readonly { dn: string; attribute: string }[], signal?: AbortSignal): Promise<Map<string, ObjectValues>>;
  /** One modify: delete change.remove, add change.add. Throws DirectoryError with the reason in words. */
  write(change: ValueChange, signal?: AbortSignal): Promise<void>;
  /** The naming contexts the write policy judges against (shared/readiness/write-policy.ts). */
  policyContext(signal?: AbortSignal): Promise<PolicyContext>;
  /** What the write policy needs to know of each object, filed by the DN as asked (lower-cased); absent when no object is there. */
  readFacts(dns: readonly string[], signal?: AbortSignal): Promise<Map<string, ObjectFacts>>;
}

/** The attributes the write policy reads of an object. */
export const FACT_ATTRIBUTES = ['objectClass', 'adminCount', 'isCriticalSystemObject', 'sAMAccountName', 'objectSid'];

/** A binary SID (base64, as the directory port returns it) in its S-1-… form; null when malformed. */
export function sidFromBase64(b64: string): string | null {
  const b = Buffer.from(b64, 'base64');
  if (b.length < 8) return null;
  const count = b[1]!;
  if (b.length !== 8 + 4 * count) return null;
  const authority = b.readUIntBE(2, 6);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(b.readUInt32LE(8 + 4 * i));
  return `S-${b[0]!}-${authority}${subs.map((s) => `-${s}`).join('')}`;
}

export function factsOf(dn: string, attributes: Record<string, readonly string[]>): ObjectFacts {
  const one = (name: string) => attributes[name]?.[0] ?? null;
  const sid = one('objectSid');
  return {
    dn,
    objectClasses: attributes.objectClass ?? [],
    adminCount: one('adminCount'),
    isCriticalSystemObject: one('isCriticalSystemObject'),
    sAMAccountName: one('sAMAccountName'),
    objectSid: sid === null ? null : (sidFromBase64(sid) ?? `unreadable SID ${sid}`),
  };
}

/** LDAP result codes a value write meets, in words an admin can act on. */
export const WRITE_REASONS: Record<number, string> = {
  16: 'the value to replace is no longer there (someone changed it meanwhile)',
  19: 'the directory refused the value (a constraint such as its length or uniqueness)',
  20: 'the attribute already holds that value',
  // Samba reports a value over the schema's rangeUpper this way too (AD says constraint, 19).
  21: 'the directory refused the value as invalid for this attribute (wrong syntax, or longer than the schema allows)',
  32: 'the object no longer exists',
  50: 'the signed-in account may not change this attribute',
  53: 'the directory is unwilling to make this change',
  65: 'the object class does not allow this attribute, or it would hold more than one value',
  67: "the attribute is part of the object's name and cannot be changed this way",
};

export class LdapReadinessStore implements ReadinessStore {
  constructor(private readonly dir: LdapDirectory) {}

  get server(): string {
    return this.dir.url;
  }

  async read(dn: string, attribute: string, signal?: AbortSignal): Promise<ObjectValues | null> {
    try {
      return await this.dir.withClient(
        `read ${attribute} of ${dn}`,
        async (client) => {
          const { searchEntries } = await client.search(dn, {
            scope: 'base',
            filter: '(objectClass=*)',
            attributes: [attribute, 'objectGUID'],
            explicitBufferAttributes: ['objectGUID'],
          });
          const e = searchEntries[0];
          if (!e) return null;
          const key = Object.keys(e).find((k) => k.toLowerCase() === attribute.toLowerCase());
          const raw = key === undefined ? [] : e[key]!;
          const values = (Array.isArray(raw) ? raw : [raw]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
          const guid = e.objectGUID;
          const bytes = Array.isArray(guid) ? guid[0] : guid;
          return { objectGuid: Buffer.isBuffer(bytes) && bytes.length === 16 ? guidFromBytes(bytes) : '', values };
        },
        { signal },
      );
    } catch (e) {
      if (e instanceof DirectoryError && e.code === 'not-found') return null;
      throw e;
    }
  }

  async readMany(rows: readonly { dn: string; attribute: string }[], signal?: AbortSignal): Promise<Map<string, ObjectValues>> {
    const out = new Map<string, ObjectValues>();
    const wanted = new Map<string, Set<string>>();
    const spelling = new Map<string, string>();
    for (const r of rows) {
      const key = r.dn.toLowerCase();
      if (!wanted.has(key)) wanted.set(key, new Set());
      wanted.get(key)!.add(r.attribute.toLowerCase());
      if (!spelling.has(r.attribute.toLowerCase())) spelling.set(r.attribute.toLowerCase(), r.attribute);
    }
    const attributes = [...spelling.values(), 'objectGUID'];
    for (const { filter } of orFilterChunks(
      rows.map((r) => r.dn),
      (v) => `(distinguishedName=${v})`,
      OR_FILTER_LIMITS,
    )) {
      for await (const e of this.dir.search({ filter, attributes, pageSize: 1000 }, { signal })) {
        const asked = wanted.get(e.dn.toLowerCase());
        if (!asked) continue;
        const bytes = e.attributes.objectGUID?.[0] ? Buffer.from(e.attributes.objectGUID[0], 'base64') : null;
        const objectGuid = bytes?.length === 16 ? guidFromBytes(bytes) : '';
        for (const a of asked) out.set(readKey(e.dn, a), { objectGuid, values: e.attributes[spelling.get(a)!] ?? [] });
      }
    }
    return out;
  }

  async policyContext(signal?: AbortSignal): Promise<PolicyContext> {
    const domainDn = (await this.dir.info({ signal })).baseDn;
    const config = await this.dir.withClient(
      'read the configuration naming context',
      async (c) => {
        const { searchEntries } = await c.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['configurationNamingContext'] });
        const v = searchEntries[0]?.configurationNamingContext;
        return Array.isArray(v) ? String(v[0]) : v ? String(v) : null;
      },
      { signal },
    );
    if (!config) throw new DirectoryError('ldap-error', 'The directory did not say where its configuration partition is.');
    return { domainDn, partitionsDn: `CN=Partitions,${config}` };
  }

  async readFacts(dns: readonly string[], signal?: AbortSignal): Promise<Map<string, ObjectFacts>> {
    const out = new Map<string, ObjectFacts>();
    const asked = new Set(dns.map((d) => d.toLowerCase()));
    // A few OR searches in the domain; a DN they did not match as spelled (another spelling, or
    // outside the domain) is read alone.
    for (const { filter } of orFilterChunks([...asked], (v) => `(distinguishedName=${v})`, OR_FILTER_LIMITS)) {
      for await (const e of this.dir.search({ filter, attributes: FACT_ATTRIBUTES, pageSize: 1000 }, { signal })) {
        if (asked.has(e.dn.toLowerCase())) out.set(e.dn.toLowerCase(), factsOf(e.dn, e.attributes));
      }
    }
    for (const dn of asked) {
      if (out.has(dn)) continue;
      try {
        for await (const e of this.dir.search({ base: dn, scope: 'base', filter: '(objectClass=*)', attributes: FACT_ATTRIBUTES }, { signal }))
          out.set(dn, factsOf(e.dn, e.attributes));
      } catch (e) {
        if (!(e instanceof DirectoryError && e.code === 'not-found')) throw e;
      }
    }
    return out;
  }

  async write(change: ValueChange, signal?: AbortSignal): Promise<void> {
    const changes: Change[] = [];
    if (change.remove.length) changes.push(new Change({ operation: 'delete', modification: new Attribute({ type: change.attribute, values: change.remove }) }));
    if (change.add.length) changes.push(new Change({ operation: 'add', modification: new Attribute({ type: change.attribute, values: change.add }) }));
    if (!changes.length) return;
    try {
      await this.dir.withClient(`change ${change.attribute} of ${change.dn}`, (client) => client.modify(change.dn, changes), { signal });
    } catch (e) {
      if (e instanceof DirectoryError && typeof e.details.resultCode === 'number' && WRITE_REASONS[e.details.resultCode]) {
        const server = typeof e.details.serverMessage === 'string' && e.details.serverMessage ? ` (server: ${e.details.serverMessage})` : '';
        throw new DirectoryError(e.code, `${WRITE_REASONS[e.details.resultCode]}${server}`, e.details);
      }
      throw e;
    }
  }
}
