// What the readiness writes (CSV apply, the workbench, undo) may change, and nothing else: the
// attributes the scan judges (IdFix's set) on users, contacts and groups inside the scanned domain
// naming context, never on a protected object (adminCount=1, a critical system object, a built-in
// or well-known account or group, krbtgt), plus the forest's UPN suffix list that the UPN suffix
// move extends. A batch with one change outside it is refused whole before any write, each such
// change named with its row and the rule it breaks (electron/readiness/write-guard.ts).
import { dnEquals, isDnWithin } from '../ldap';
import { CHECKED_ATTRIBUTES } from './scan/rules';
import type { ValueChange } from './value-change';

/** The attributes a readiness write may change: exactly those the scan's rules judge. */
export const WRITABLE_ATTRIBUTES: readonly string[] = CHECKED_ATTRIBUTES;
const WRITABLE_LOWER = new Set(WRITABLE_ATTRIBUTES.map((a) => a.toLowerCase()));

/** The object classes the scan reads and a readiness write may change (a computer is a user too, and is refused). */
export const WRITABLE_CLASSES = ['user', 'inetOrgPerson', 'contact', 'group'] as const;
const WRITABLE_CLASSES_LOWER = new Set<string>(WRITABLE_CLASSES.map((c) => c.toLowerCase()));
const REFUSED_CLASSES = new Set(['computer', 'msds-managedserviceaccount', 'msds-groupmanagedserviceaccount', 'foreignsecurityprincipal']);

/** RIDs below this are the domain's well-known accounts and groups (Administrator 500, krbtgt 502, Domain Admins 512 …). */
export const FIRST_ORDINARY_RID = 1000;

/** What the guard reads of an object before a batch writes to it. */
export interface ObjectFacts {
  /** The DN as the directory spells it. */
  dn: string;
  objectClasses: readonly string[];
  adminCount: string | null;
  isCriticalSystemObject: string | null;
  sAMAccountName: string | null;
  /** S-1-5-21-…-RID, or null for an object without one (a contact). */
  objectSid: string | null;
}

export interface PolicyContext {
  /** The scanned domain's naming context. */
  domainDn: string;
  /** CN=Partitions of the configuration naming context (the forest's UPN suffix list lives there). */
  partitionsDn: string;
}

export type WriteRule = 'attribute' | 'naming-context' | 'object-class' | 'protected-object' | 'upn-suffix';

export interface WriteRefusal {
  /** The row the change came from ("line 12", "finding …", an undo record). */
  source: string;
  dn: string;
  attribute: string;
  rule: WriteRule;
  reason: string;
}

/** A DNS name such as contoso.com (what uPNSuffixes holds). */
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

/** Why an object may not be changed by a readiness write, or null when it may. */
export function protectedReason(facts: ObjectFacts): string | null {
  if (facts.adminCount !== null && facts.adminCount.trim() !== '' && facts.adminCount.trim() !== '0')
    return 'it is a protected account or group (adminCount=1)';
  if (facts.isCriticalSystemObject?.trim().toUpperCase() === 'TRUE') return 'it is a critical system object (isCriticalSystemObject)';
  const sam = facts.sAMAccountName?.toLowerCase() ?? '';
  if (sam === 'krbtgt' || /^krbtgt_\d+$/.test(sam)) return 'it is the Kerberos service account (krbtgt)';
  if (facts.objectSid) {
    if (/^S-1-5-32-/i.test(facts.objectSid)) return 'it is a built-in group (BUILTIN)';
    const domainSid = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/i.exec(facts.objectSid);
    if (!domainSid) return `it is a well-known security principal (${facts.objectSid})`;
    if (Number(domainSid[1]) < FIRST_ORDINARY_RID) return `it is a well-known account or group of the domain (RID ${domainSid[1]})`;
  }
  return null;
}

/**
 * The rule a change breaks, or null when the policy allows it. `facts` is what the directory holds
 * at the change's DN now (undefined: nothing there, and the batch itself skips a row whose object
 * is gone).
 */
export function judgeWrite(change: ValueChange, facts: ObjectFacts | undefined, ctx: PolicyContext): WriteRefusal | null {
  const refuse = (rule: WriteRule, reason: string): WriteRefusal => ({ source: change.source, dn: change.dn, attribute: change.attribute, rule, reason });
  const attribute = change.attribute.toLowerCase();
  if (attribute === 'upnsuffixes') {
    if (!dnEquals(change.dn, ctx.partitionsDn)) return refuse('upn-suffix', `uPNSuffixes is changed only on the forest's ${ctx.partitionsDn}`);
    const bad = [...change.add, ...change.remove].find((v) => !DNS_NAME.test(v));
    if (bad !== undefined) return refuse('upn-suffix', `${JSON.stringify(bad.slice(0, 80))} is not a DNS domain name`);
    return null;
  }
  if (!WRITABLE_LOWER.has(attribute)) {
    return refuse('attribute', `${change.attribute} is not an attribute the readiness scan judges; only ${WRITABLE_ATTRIBUTES.join(', ')} may be changed`);
  }
  if (!isDnWithin(change.dn, ctx.domainDn)) return refuse('naming-context', `the object is outside the scanned domain ${ctx.domainDn}`);
  if (!facts) return null;
  if (!isDnWithin(facts.dn, ctx.domainDn)) return refuse('naming-context', `the object is outside the scanned domain ${ctx.domainDn}`);
  const classes = facts.objectClasses.map((c) => c.toLowerCase());
  const refusedClass = classes.find((c) => REFUSED_CLASSES.has(c));
  if (refusedClass || !classes.some((c) => WRITABLE_CLASSES_LOWER.has(c))) {
    return refuse(
      'object-class',
      `the object is a ${refusedClass ?? (facts.objectClasses.at(-1) || 'object of no class')}; only ${WRITABLE_CLASSES.join(', ')} objects may be changed`,
    );
  }
  const why = protectedReason(facts);
  if (why) return refuse('protected-object', `${why}; readiness fixes never change it`);
  return null;
}

/** Thrown before any write when a batch holds a change the policy refuses; nothing of the batch was written. */
export class WritePolicyError extends Error {
  constructor(readonly refusals: readonly WriteRefusal[]) {
    super(
      `nothing was written: ${refusals.length} change(s) are outside what readiness fixes may change:\n` +
        refusals.map((r) => `  ${r.source}: ${r.dn}: ${r.attribute}: refused by the ${r.rule} rule: ${r.reason}`).join('\n'),
    );
    this.name = 'WritePolicyError';
  }
}
