// A scan scope cut into parts that can be read at once on separate connections. Each base of the
// scope becomes: the base object itself (scope base), its own level (scope one: the people and
// groups directly under it) and one subtree per child container. A child container the scope
// excludes is not read at all, except for the containers included again inside it (each read as
// its own subtree). Excluded containers deeper down are still read inside their child's subtree and
// dropped by ContainerScope.contains, as the single stream does.
//
// Why this covers every object exactly once: an object matched by the scan filter (a person or a
// group) cannot have a person or group below it (AD's schema allows them only under OUs,
// containers, builtinDomain and domainDNS objects), so every matched object below a base is either
// a direct child of the base (the base's own level) or lies inside exactly one child container,
// which the caller lists by reading the base's children that are not people, groups or computers.
// The containers themselves are not matched by the filter, so the one-level part returning them as
// well as their own subtree part matters not. tests/ldap/scope-parts.test.ts checks it (fast-check).
import { dnEquals, isDnWithin, parentDn } from './dn';
import type { ContainerScope } from './container-scope';

export interface ScopePart {
  base: string;
  scope: 'base' | 'one' | 'sub';
}

/**
 * Children of a base worth a part of their own: everything but people, groups and computers
 * (those cannot hold people or groups, and a leaf's own part would read nothing).
 */
export const CHILD_CONTAINER_FILTER = '(!(|(objectCategory=Person)(objectCategory=Group)(objectCategory=Computer)))';

/** The part as people read it in progress and errors. */
export function describePart(p: ScopePart): string {
  if (p.scope === 'base') return `${p.base} (the object itself)`;
  if (p.scope === 'one') return `${p.base} (its own level)`;
  return `${p.base} (subtree)`;
}

/** Does the part read an object at `dn`? */
export function partCovers(p: ScopePart, dn: string): boolean {
  if (p.scope === 'base') return dnEquals(dn, p.base);
  if (p.scope === 'one') return !dnEquals(dn, p.base) && isDnWithin(dn, p.base) && dnEquals(parentDn(dn), p.base);
  return isDnWithin(dn, p.base);
}

/**
 * The parts of `scope`. `children(dn)` gives the child containers of a container the caller has
 * listed (the DNs directly under it, as the directory spells them), or undefined for one it has
 * not: that one is read as one subtree, as is a listed one without child containers. A listed container is split like a base, one level deeper,
 * so a scope whose objects sit in one OU can still be cut (the caller lists that OU's children too).
 * Subtrees come first, in the order given (usually the big ones, so a pool starts on them), then
 * each split container's own level and the container object itself.
 */
export function splitScope(scope: ContainerScope, children: (dn: string) => readonly string[] | undefined): ScopePart[] {
  const subtrees: ScopePart[] = [];
  const levels: ScopePart[] = [];
  const split = (container: string, list: readonly string[]) => {
    for (const child of list) {
      if (!isDnWithin(child, container) || dnEquals(child, container) || !dnEquals(parentDn(child), container)) {
        throw new Error(`${child} is not directly under ${container}`);
      }
      if (!scope.exclude.some((e) => dnEquals(e, child))) {
        const deeper = children(child);
        if (deeper?.length) split(child, deeper);
        else subtrees.push({ base: child, scope: 'sub' });
        continue;
      }
      // Excluded: only the containers included again inside it, the outermost of them.
      const again = scope.include.filter((i) => isDnWithin(i, child) && !dnEquals(i, child));
      for (const i of again) {
        if (again.some((o) => o !== i && !dnEquals(o, i) && isDnWithin(i, o))) continue;
        if (subtrees.some((p) => dnEquals(p.base, i))) continue;
        subtrees.push({ base: i, scope: 'sub' });
      }
    }
    levels.push({ base: container, scope: 'one' }, { base: container, scope: 'base' });
  };
  for (const base of scope.bases) {
    const list = children(base);
    if (list?.length) split(base, list);
    else subtrees.push({ base, scope: 'sub' });
  }
  return [...subtrees, ...levels];
}
