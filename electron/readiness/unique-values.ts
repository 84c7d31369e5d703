// Values Entra ID needs unique across objects (UPN, mail, SMTP proxy addresses): who already holds
// a value, looked up for many values in a few OR searches.
import { OR_FILTER_LIMITS, orFilterChunks, type OrFilterLimits } from '../../shared/ldap';
import type { DirectoryPort } from '../ports/directory-port';

/** Attributes Entra ID needs unique across objects: an edit to a value another object holds is refused. */
export const UNIQUE_ATTRIBUTES = new Set(['userprincipalname', 'mail', 'proxyaddresses']);
/** A unique value as Entra ID compares it: the SMTP prefix off, case-insensitive. */
export const uniqueKey = (value: string) => value.replace(/^smtp:/i, '').toLowerCase();
/** A unique value's terms in a uniqueness search (the value already escaped). */
const holderTerms = (v: string) => `(userPrincipalName=${v})(mail=${v})(proxyAddresses=smtp:${v})`;

/**
 * For each key (uniqueKey), the objects that hold it in a unique attribute: one search per chunk
 * of keys (an OR of escaped values, orFilterChunks' budget) instead of one per value; each entry
 * found is matched back to the keys it holds, as Entra ID compares them (case-insensitive, SMTP
 * prefix off).
 */
export async function holdersOfMany(
  dir: Pick<DirectoryPort, 'search'>,
  keys: readonly string[],
  limits: OrFilterLimits = OR_FILTER_LIMITS,
  signal?: AbortSignal,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const { values, filter } of orFilterChunks(keys, holderTerms, limits)) {
    const chunk = new Set(values);
    for await (const e of dir.search({ filter, attributes: ['userPrincipalName', 'mail', 'proxyAddresses'], pageSize: 500 }, { signal })) {
      const held = new Set<string>();
      for (const v of e.attributes.userPrincipalName ?? []) held.add(uniqueKey(v));
      for (const v of e.attributes.mail ?? []) held.add(uniqueKey(v));
      for (const v of e.attributes.proxyAddresses ?? []) if (/^smtp:/i.test(v)) held.add(uniqueKey(v));
      for (const k of held) {
        if (!chunk.has(k)) continue;
        const list = out.get(k) ?? [];
        if (!list.some((d) => d.toLowerCase() === e.dn.toLowerCase())) list.push(e.dn);
        out.set(k, list);
      }
    }
  }
  return out;
}
