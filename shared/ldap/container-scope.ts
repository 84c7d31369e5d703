// Which objects a scan covers when it is limited to OUs the way Entra Connect's AD connector is
// (its partition's container inclusion and exclusion lists): an object belongs to the scope when
// the nearest listed container above it (or the object itself, when it is listed) is an inclusion.
// So an OU excluded inside an included one is left out, and an OU included again inside that
// excluded one is back in. Bad lists (a DN that does not parse, an exclusion outside every
// inclusion, one DN both included and excluded) are refused with the DN named.
import { parseDn } from './dn';

export interface ContainerScope {
  /** The inclusions not inside another inclusion: the subtrees to read. */
  readonly bases: string[];
  readonly include: string[];
  readonly exclude: string[];
  /** Whether an object at `dn` is in scope (always true when nothing is excluded). */
  contains(dn: string): boolean;
}

type Key = string[];

/** The DN as lower-cased RDNs, leaf first. */
function keyOf(dn: string, what: string): Key {
  let rdns;
  try {
    rdns = parseDn(dn);
  } catch (err) {
    throw new Error(`${what} "${dn}" is not a distinguished name (${(err as Error).message})`, { cause: err });
  }
  if (rdns.length === 0) throw new Error(`${what} is empty`);
  return rdns.map((r) => `${r.type.toLowerCase()}=${r.value.toLowerCase()}`);
}

/** Is `inner` `outer` itself or below it? */
function within(inner: Key, outer: Key): boolean {
  if (outer.length > inner.length) return false;
  const offset = inner.length - outer.length;
  for (let i = 0; i < outer.length; i++) if (inner[offset + i] !== outer[i]) return false;
  return true;
}

export function containerScope(include: readonly string[], exclude: readonly string[] = []): ContainerScope {
  if (include.length === 0) throw new Error('the scope needs at least one container to include');
  const inc = include.map((dn) => ({ dn, key: keyOf(dn, 'included container') }));
  const exc = exclude.map((dn) => ({ dn, key: keyOf(dn, 'excluded container') }));
  for (const e of exc) {
    if (inc.some((i) => i.key.join(',') === e.key.join(','))) throw new Error(`${e.dn} is both included and excluded`);
    if (!inc.some((i) => within(e.key, i.key))) throw new Error(`excluded container ${e.dn} is not inside any included one, so excluding it changes nothing`);
  }
  const bases: string[] = [];
  const seen: Key[] = [];
  for (const i of inc) {
    if (inc.some((o) => o !== i && within(i.key, o.key) && o.key.length < i.key.length)) continue;
    if (seen.some((k) => k.join(',') === i.key.join(','))) continue;
    seen.push(i.key);
    bases.push(i.dn);
  }
  // Deepest first, so the first listed container an object lies in is its nearest.
  const listed = [...inc.map((i) => ({ key: i.key, included: true })), ...exc.map((e) => ({ key: e.key, included: false }))].sort(
    (a, b) => b.key.length - a.key.length,
  );
  const contains =
    exc.length === 0
      ? () => true
      : (dn: string) => {
          let key: Key;
          try {
            key = keyOf(dn, 'object');
          } catch {
            return false;
          }
          for (const c of listed) if (within(key, c.key)) return c.included;
          return false;
        };
  return { bases, include: [...include], exclude: [...exclude], contains };
}
