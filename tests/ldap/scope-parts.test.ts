import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerScope, isDnWithin, parentDn } from '../../shared/ldap';
import { describePart, partCovers, splitScope, type ScopePart } from '../../shared/ldap/scope-parts';

const D = 'DC=contoso,DC=com';

/** Children of each container in a small tree given as DNs (of those in `listed` only, when given). */
const childrenIn =
  (containers: readonly string[], listed?: readonly string[]) =>
  (base: string): string[] | undefined =>
    listed && !listed.includes(base) ? undefined : containers.filter((c) => c !== base && parentDn(c).toLowerCase() === base.toLowerCase());

describe('splitScope (the parts a split scan reads)', () => {
  it('a base becomes its child subtrees, its own level and itself; an excluded child is skipped except for what is included again inside it', () => {
    const tree = [D, `OU=A,${D}`, `OU=B,${D}`, `OU=Old,${D}`, `OU=Keep,OU=Old,${D}`, `OU=Deep,OU=A,${D}`];
    const scope = containerScope([D, `OU=Keep,OU=Old,${D}`], [`ou=old,${D}`, `OU=Deep,OU=A,${D}`]);
    const parts = splitScope(scope, childrenIn(tree, [D]));
    expect(parts).toEqual<ScopePart[]>([
      { base: `OU=A,${D}`, scope: 'sub' },
      { base: `OU=B,${D}`, scope: 'sub' },
      { base: `OU=Keep,OU=Old,${D}`, scope: 'sub' },
      { base: D, scope: 'one' },
      { base: D, scope: 'base' },
    ]);
    expect(parts.map(describePart)).toContain(`${D} (its own level)`);
  });

  it('a listed child is split one level deeper; an unlisted base is read whole', () => {
    const tree = [D, `OU=Corp,${D}`, `OU=East,OU=Corp,${D}`, `OU=West,OU=Corp,${D}`, `OU=Old,OU=Corp,${D}`];
    const scope = containerScope([D], [`OU=Old,OU=Corp,${D}`]);
    expect(splitScope(scope, childrenIn(tree, [D, `OU=Corp,${D}`]))).toEqual<ScopePart[]>([
      { base: `OU=East,OU=Corp,${D}`, scope: 'sub' },
      { base: `OU=West,OU=Corp,${D}`, scope: 'sub' },
      { base: `OU=Corp,${D}`, scope: 'one' },
      { base: `OU=Corp,${D}`, scope: 'base' },
      { base: D, scope: 'one' },
      { base: D, scope: 'base' },
    ]);
    expect(splitScope(containerScope([`OU=Corp,${D}`]), () => undefined)).toEqual([{ base: `OU=Corp,${D}`, scope: 'sub' }]);
  });

  it('refuses a child that is not directly under its base', () => {
    expect(() => splitScope(containerScope([`OU=A,${D}`]), () => [`OU=X,OU=B,${D}`])).toThrow(/OU=X,OU=B,DC=contoso,DC=com is not directly under OU=A/);
  });

  it('property: every object in scope is read by exactly one part, no object by two, no excluded child read whole, however deep it is split', () => {
    // A random tree: each path a chain of OUs, its end a person (a leaf) or another OU.
    const path = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 4 });
    const arb = fc.record({ paths: fc.array(fc.record({ path, leaf: fc.boolean() }), { minLength: 1, maxLength: 25 }) }).chain(({ paths }) => {
      const containers = new Set<string>([D]);
      const leaves = new Set<string>();
      for (const { path: p, leaf } of paths) {
        let dn = D;
        p.forEach((seg, i) => {
          const last = i === p.length - 1;
          dn = last && leaf ? `CN=u${seg},${dn}` : `OU=o${seg},${dn}`;
          (last && leaf ? leaves : containers).add(dn);
        });
      }
      // Every container also holds a person, so each level has something to read.
      for (const c of containers) leaves.add(`CN=p,${c}`);
      const list = [...containers];
      return fc.record({
        containers: fc.constant(list),
        leaves: fc.constant([...leaves]),
        include: fc.subarray(list, { minLength: 1 }),
        exclude: fc.subarray(list),
        listed: fc.subarray(list),
        lower: fc.boolean(),
      });
    });
    fc.assert(
      fc.property(arb, ({ containers, leaves, include, exclude, listed, lower }) => {
        const exc = exclude.filter((e) => !include.includes(e) && include.some((i) => isDnWithin(e, i))).map((e) => (lower ? e.toLowerCase() : e));
        const scope = containerScope(include, exc);
        // Any containers listed (split deeper), the rest read as subtrees.
        const parts = splitScope(scope, childrenIn(containers, listed));
        for (const leaf of leaves) {
          const readBy = parts.filter((p) => partCovers(p, leaf));
          expect(readBy.length).toBeLessThanOrEqual(1);
          const inScope = scope.bases.some((b) => isDnWithin(leaf, b)) && scope.contains(leaf);
          if (inScope) expect(readBy.map(describePart)).toHaveLength(1);
        }
        for (const p of parts) if (p.scope === 'sub') expect(exc.some((e) => e.toLowerCase() === p.base.toLowerCase())).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
