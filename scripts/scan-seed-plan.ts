// The planted directory for the readiness scan: users, groups and contacts under OU=ScanSeed, about
// 2% of them carrying one planted problem of every rule and IdFix defect case, the rest clean
// (including the clean cases IdFix gets wrong: apostrophes in UPNs, .edu.au, new gTLDs, X.500
// values, 64-character givenNames, skipped system objects carrying bad values). The plan is data:
// seed-scan-dc.ts writes it (over LDAPS for small directories, offline with ldbadd for 100,000) and
// the manifest lists every finding the scan must make, no more. Values over the schema's rangeUpper
// (displayName 256, givenName and sn 64, mailNickname 64, mail 256) cannot be planted: AD and Samba
// refuse them; those length rules are tested on the in-memory directory (shared/readiness/scan/rules.test.ts).
import type { ScanErrorType } from '../shared/readiness/scan/finding';

export const SEED_OU = 'ScanSeed';
/** The OUs objects are spread over (so scans can be scoped and partitioned). */
export const SEED_PARTS = 8;

export interface PlannedObject {
  dn: string;
  /** Attribute values, objectClass included; the seeder adds the lab tag. */
  attributes: Record<string, string[]>;
  /** The case this object belongs to ('clean' for none). */
  kind: string;
}

export interface ExpectedFinding {
  dn: string;
  attribute: string;
  value: string;
  errors: ScanErrorType[];
  /** DNs of the other members, for duplicates. */
  peers?: string[];
}

export interface SeedPlan {
  baseDn: string;
  ouDn: string;
  partDns: string[];
  objects: PlannedObject[];
  expected: ExpectedFinding[];
  /** Counts by kind, for the manifest. */
  kinds: Record<string, number>;
}

/** Appended to every name, so a test can seed its own copy beside an earlier one (UPNs must be unique). */
let nameTag = '';
const pad = (n: number) => `${String(n).padStart(6, '0')}${nameTag}`;

interface CaseContext {
  i: number;
  part: string;
  plant: (name: string, kind: string, cls: 'user' | 'group' | 'contact', attrs: Record<string, string[]>) => string;
  expect: (dn: string, attribute: string, value: string, errors: ScanErrorType[], peers?: string[]) => void;
}

function userBase(name: string): Record<string, string[]> {
  return {
    sAMAccountName: [name],
    userPrincipalName: [`${name}@contoso.com`],
    displayName: [`User ${name}`],
    givenName: ['Pat'],
    sn: [`Lee${name}`],
    mail: [`${name}@contoso.com`],
    mailNickname: [name],
    proxyAddresses: [`SMTP:${name}@contoso.com`, `smtp:${name}@contoso.mail.onmicrosoft.com`],
  };
}

/** Each planted case: one to three objects with one problem, and the findings the scan must make. */
const CASES: ((c: CaseContext) => void)[] = [
  // displayName present but blank (IdFix: blank, proposes cn).
  (c) => {
    const n = `pdb${pad(c.i)}`;
    const dn = c.plant(n, 'displayName-blank', 'user', { ...userBase(n), displayName: [' '] });
    c.expect(dn, 'displayName', ' ', ['blank']);
  },
  // mail-enabled group without displayName (seed 002's case): blank.
  (c) => {
    const n = `pgb${pad(c.i)}`;
    const dn = c.plant(n, 'group-displayName-missing', 'group', {
      sAMAccountName: [n],
      groupType: ['8'],
      mail: [`${n}@contoso.com`],
      proxyAddresses: [`SMTP:${n}@contoso.com`],
    });
    c.expect(dn, 'displayName', '', ['blank']);
  },
  // mail with a space in the local part.
  (c) => {
    const n = `pmf${pad(c.i)}`;
    const v = `${n} x@contoso.com`;
    c.expect(c.plant(n, 'mail-format', 'user', { ...userBase(n), mail: [v] }), 'mail', v, ['localpart']);
  },
  // mail on a non-routable TLD.
  (c) => {
    const n = `pmt${pad(c.i)}`;
    const v = `${n}@contoso.local`;
    c.expect(c.plant(n, 'mail-tld', 'user', { ...userBase(n), mail: [v] }), 'mail', v, ['topleveldomain']);
  },
  // Two users with one mail: both reported, each naming the other.
  (c) => {
    const a = `pma${pad(c.i)}`;
    const b = `pmb${pad(c.i)}`;
    const shared = `shared${pad(c.i)}@contoso.com`;
    const da = c.plant(a, 'mail-duplicate', 'user', { ...userBase(a), mail: [shared] });
    const db = c.plant(b, 'mail-duplicate', 'user', { ...userBase(b), mail: [shared] });
    c.expect(da, 'mail', shared, ['duplicate'], [db]);
    c.expect(db, 'mail', shared, ['duplicate'], [da]);
  },
  // mailNickname ending in a period (IdFix's period rule never reports).
  (c) => {
    const n = `pnp${pad(c.i)}`;
    c.expect(c.plant(n, 'mailNickname-period', 'user', { ...userBase(n), mailNickname: [`${n}.`] }), 'mailNickname', `${n}.`, ['character']);
  },
  // mailNickname beginning with a period.
  (c) => {
    const n = `pnl${pad(c.i)}`;
    c.expect(c.plant(n, 'mailNickname-leading-period', 'user', { ...userBase(n), mailNickname: [`.${n}`] }), 'mailNickname', `.${n}`, ['character']);
  },
  // mailNickname with a space.
  (c) => {
    const n = `pnc${pad(c.i)}`;
    c.expect(c.plant(n, 'mailNickname-character', 'user', { ...userBase(n), mailNickname: [`${n} x`] }), 'mailNickname', `${n} x`, ['character']);
  },
  // Two objects with one mailNickname.
  (c) => {
    const a = `pka${pad(c.i)}`;
    const b = `pkb${pad(c.i)}`;
    const nick = `nick${pad(c.i)}`;
    const da = c.plant(a, 'mailNickname-duplicate', 'user', { ...userBase(a), mailNickname: [nick] });
    const db = c.plant(b, 'mailNickname-duplicate', 'contact', { mail: [`${b}@fabrikam.com`], mailNickname: [nick], displayName: [`Contact ${b}`] });
    c.expect(da, 'mailNickname', nick, ['duplicate'], [db]);
    c.expect(db, 'mailNickname', nick, ['duplicate'], [da]);
  },
  // The second proxy address is bad, the first clean (IdFix checked only the first value).
  (c) => {
    const n = `ppv${pad(c.i)}`;
    const bad = `smtp:${n} x@contoso.com`;
    c.expect(c.plant(n, 'proxy-second-value', 'user', { ...userBase(n), proxyAddresses: [`SMTP:${n}@contoso.com`, bad] }), 'proxyAddresses', bad, [
      'character',
    ]);
  },
  // An SMTP proxy address on a non-routable TLD.
  (c) => {
    const n = `ppt${pad(c.i)}`;
    const bad = `smtp:${n}@contoso.lan`;
    c.expect(c.plant(n, 'proxy-tld', 'user', { ...userBase(n), proxyAddresses: [`SMTP:${n}@contoso.com`, bad] }), 'proxyAddresses', bad, ['topleveldomain']);
  },
  // A colon after the smtp: prefix.
  (c) => {
    const n = `ppc${pad(c.i)}`;
    const bad = `smtp:${n}:x@contoso.com`;
    c.expect(c.plant(n, 'proxy-colon', 'user', { ...userBase(n), proxyAddresses: [`SMTP:${n}@contoso.com`, bad] }), 'proxyAddresses', bad, ['character']);
  },
  // Two primary SMTP: addresses on one object.
  (c) => {
    const n = `ppp${pad(c.i)}`;
    const second = `SMTP:${n}.two@contoso.com`;
    const dn = c.plant(n, 'proxy-two-primaries', 'user', { ...userBase(n), proxyAddresses: [`SMTP:${n}@contoso.com`, second] });
    c.expect(dn, 'proxyAddresses', `SMTP:${n}@contoso.com`, ['format']);
    c.expect(dn, 'proxyAddresses', second, ['format']);
  },
  // A SIP address with a space.
  (c) => {
    const n = `pps${pad(c.i)}`;
    const bad = `SIP:${n} x@contoso.com`;
    c.expect(c.plant(n, 'proxy-other-character', 'user', { ...userBase(n), proxyAddresses: [`SMTP:${n}@contoso.com`, bad] }), 'proxyAddresses', bad, [
      'character',
    ]);
  },
  // A UPN equal to another object's smtp: proxy address (case differs): both reported.
  (c) => {
    const a = `pxa${pad(c.i)}`;
    const b = `pxb${pad(c.i)}`;
    const da = c.plant(a, 'upn-vs-proxy', 'user', { ...userBase(a) });
    const proxy = `smtp:${a.toUpperCase()}@CONTOSO.COM`;
    const db = c.plant(b, 'upn-vs-proxy', 'user', { ...userBase(b), proxyAddresses: [`SMTP:${b}@contoso.com`, proxy] });
    // a holds the address as UPN, mail and primary SMTP: each is reported.
    c.expect(da, 'userPrincipalName', `${a}@contoso.com`, ['duplicate'], [db]);
    c.expect(da, 'mail', `${a}@contoso.com`, ['duplicate'], [db]);
    c.expect(da, 'proxyAddresses', `SMTP:${a}@contoso.com`, ['duplicate'], [db]);
    c.expect(db, 'proxyAddresses', proxy, ['duplicate'], [da]);
  },
  // A contact's mail equal to a group's and a user's proxy address: a set of three.
  (c) => {
    const u = `pta${pad(c.i)}`;
    const g = `ptb${pad(c.i)}`;
    const k = `ptc${pad(c.i)}`;
    const addr = `team${pad(c.i)}@contoso.com`;
    const du = c.plant(u, 'triple-duplicate', 'user', { ...userBase(u), proxyAddresses: [`SMTP:${u}@contoso.com`, `smtp:${addr}`] });
    const dg = c.plant(g, 'triple-duplicate', 'group', {
      sAMAccountName: [g],
      groupType: ['8'],
      displayName: [`Group ${g}`],
      mail: [`${g}@contoso.com`],
      proxyAddresses: [`SMTP:${g}@contoso.com`, `smtp:${addr}`],
    });
    const dk = c.plant(k, 'triple-duplicate', 'contact', { displayName: [`Contact ${k}`], mail: [addr] });
    c.expect(du, 'proxyAddresses', `smtp:${addr}`, ['duplicate'], [dg, dk]);
    c.expect(dg, 'proxyAddresses', `smtp:${addr}`, ['duplicate'], [du, dk]);
    c.expect(dk, 'mail', addr, ['duplicate'], [du, dg]);
  },
  // UPN on a non-routable suffix.
  (c) => {
    const n = `put${pad(c.i)}`;
    const v = `${n}@contoso.local`;
    c.expect(c.plant(n, 'upn-tld', 'user', { ...userBase(n), userPrincipalName: [v] }), 'userPrincipalName', v, ['topleveldomain']);
  },
  // UPN with a space.
  (c) => {
    const n = `puc${pad(c.i)}`;
    const v = `${n} x@contoso.com`;
    c.expect(c.plant(n, 'upn-character', 'user', { ...userBase(n), userPrincipalName: [v] }), 'userPrincipalName', v, ['character']);
  },
  // UPN ending in a period before the @.
  (c) => {
    const n = `pup${pad(c.i)}`;
    const v = `${n}.@contoso.com`;
    c.expect(c.plant(n, 'upn-period', 'user', { ...userBase(n), userPrincipalName: [v] }), 'userPrincipalName', v, ['localpart']);
  },
  // UPN with 65 characters before the @.
  (c) => {
    const n = `pul${pad(c.i)}`;
    const v = `${n}${'u'.repeat(65 - n.length)}@contoso.com`;
    c.expect(c.plant(n, 'upn-length', 'user', { ...userBase(n), userPrincipalName: [v] }), 'userPrincipalName', v, ['length']);
  },
  // sAMAccountName over 20 for a user.
  (c) => {
    const n = `psl${pad(c.i)}`;
    const sam = `${n}${'s'.repeat(12)}`;
    c.expect(c.plant(n, 'sAMAccountName-length', 'user', { ...userBase(n), sAMAccountName: [sam] }), 'sAMAccountName', sam, ['length']);
  },
  // targetAddress on a non-routable TLD (a contact, as in a hybrid mail routing).
  (c) => {
    const n = `pta2${pad(c.i)}`;
    const v = `SMTP:${n}@fabrikam.local`;
    c.expect(
      c.plant(n, 'targetAddress-tld', 'contact', { displayName: [`Contact ${n}`], mail: [`${n}@fabrikam.com`], targetAddress: [v] }),
      'targetAddress',
      v,
      ['topleveldomain'],
    );
  },
  // targetAddress over the table's 256.
  (c) => {
    const n = `ptl${pad(c.i)}`;
    const v = `SMTP:${n}${'t'.repeat(240)}@fabrikam.com`;
    c.expect(
      c.plant(n, 'targetAddress-length', 'contact', { displayName: [`Contact ${n}`], mail: [`${n}@fabrikam.com`], targetAddress: [v] }),
      'targetAddress',
      v,
      ['length'],
    );
  },
];

/** Clean objects that IdFix would wrongly flag, and skipped objects that carry bad values. */
const CLEAN_TRICKY: ((c: CaseContext) => void)[] = [
  (c) => {
    const n = `capo${pad(c.i)}`;
    c.plant(n, 'clean-apostrophe-upn', 'user', {
      ...userBase(n),
      userPrincipalName: [`o'${n}@contoso.com`],
      mail: [`o'${n}@contoso.com`],
      proxyAddresses: [`SMTP:o'${n}@contoso.com`],
    });
  },
  (c) => {
    const n = `cedu${pad(c.i)}`;
    c.plant(n, 'clean-edu-au', 'user', {
      ...userBase(n),
      userPrincipalName: [`${n}@uni.edu.au`],
      mail: [`${n}@uni.edu.au`],
      proxyAddresses: [`SMTP:${n}@uni.edu.au`],
    });
  },
  (c) => {
    const n = `cgtl${pad(c.i)}`;
    c.plant(n, 'clean-new-gtld', 'user', {
      ...userBase(n),
      userPrincipalName: [`${n}@studio.photography`],
      mail: [`${n}@contoso.technology`],
      proxyAddresses: [`SMTP:${n}@contoso.technology`],
    });
  },
  (c) => {
    const n = `cx5${pad(c.i)}`;
    c.plant(n, 'clean-x500-x400', 'user', {
      ...userBase(n),
      proxyAddresses: [
        `SMTP:${n}@contoso.com`,
        `X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${n}`,
        `X400:c=US;a= ;p=Contoso;o=Exchange;s=${n};`,
      ],
    });
  },
  (c) => {
    const n = `cgn${pad(c.i)}`;
    c.plant(n, 'clean-table-limits', 'user', { ...userBase(n), givenName: ['G'.repeat(64)], displayName: [`D${'x'.repeat(255)}`] });
  },
  (c) => {
    const n = `HealthMailbox${pad(c.i)}`;
    c.plant(n, 'skipped-health-mailbox', 'user', { ...userBase(`hm${pad(c.i)}`), userPrincipalName: [`hm${pad(c.i)} bad@contoso.local`] });
  },
  (c) => {
    const n = `csys${pad(c.i)}`;
    c.plant(n, 'skipped-system-mailbox-type', 'user', { ...userBase(n), msExchRecipientTypeDetails: ['8388608'], mail: [`${n}@contoso.local`] });
  },
  (c) => {
    const n = `MSOL_${pad(c.i)}`;
    c.plant(n, 'skipped-msol', 'user', { ...userBase(`msol${pad(c.i)}`), sAMAccountName: [`MSOL_${pad(c.i)}`], mail: [`msol${pad(c.i)}@contoso.local`] });
  },
  (c) => {
    const n = `csec${pad(c.i)}`;
    c.plant(n, 'skipped-security-group', 'group', { sAMAccountName: [n], groupType: ['-2147483646'], displayName: [' '] });
  },
  (c) => {
    const n = `cdis${pad(c.i)}`;
    c.plant(n, 'skipped-distribution-group-without-proxies', 'group', { sAMAccountName: [n], groupType: ['8'], displayName: [' '] });
  },
  (c) => {
    const n = `cmsg${pad(c.i)}`;
    c.plant(n, 'clean-mail-enabled-group', 'group', {
      sAMAccountName: [n],
      groupType: ['-2147483646'],
      displayName: [`Group ${n}`],
      mail: [`${n}@contoso.com`],
      proxyAddresses: [`SMTP:${n}@contoso.com`],
    });
  },
];

function cleanObject(c: CaseContext): void {
  const kind = c.i % 20;
  if (kind < 14) {
    const n = `u${pad(c.i)}`;
    c.plant(n, 'clean', 'user', userBase(n));
  } else if (kind < 17) {
    const n = `g${pad(c.i)}`;
    const mailEnabled = kind !== 16;
    c.plant(
      n,
      'clean',
      'group',
      mailEnabled
        ? {
            sAMAccountName: [n],
            groupType: ['8'],
            displayName: [`Group ${n}`],
            mail: [`${n}@contoso.com`],
            proxyAddresses: [`SMTP:${n}@contoso.com`],
            mailNickname: [n],
          }
        : { sAMAccountName: [n], groupType: ['-2147483646'], displayName: [`Group ${n}`] },
    );
  } else {
    const n = `k${pad(c.i)}`;
    c.plant(n, 'clean', 'contact', {
      displayName: [`Contact ${n}`],
      mail: [`${n}@fabrikam.com`],
      proxyAddresses: [`SMTP:${n}@fabrikam.com`],
      targetAddress: [`SMTP:${n}@fabrikam.com`],
      mailNickname: [n],
    });
  }
}

const CLASSES: Record<'user' | 'group' | 'contact', string[]> = {
  user: ['top', 'person', 'organizationalPerson', 'user'],
  group: ['top', 'group'],
  contact: ['top', 'person', 'organizationalPerson', 'contact'],
};

/** Adds the planned objects over LDAPS, `concurrency` adds in flight (each waits on the DC, so a few at once fill it). */
export async function addPlannedObjects(
  admin: { addObject(dn: string, attributes: Record<string, readonly string[]>): Promise<void> },
  objects: readonly PlannedObject[],
  concurrency: number,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const o = objects[next++]!;
      await admin.addObject(o.dn, o.attributes);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * A directory of `count` objects (at least one of every case): about `plantedShare` of them in
 * planted-problem cases (cycled), the same number again clean-but-tricky, the rest plainly clean.
 */
export function planSeed(count: number, baseDn: string, options: { ou?: string; plantedShare?: number; tag?: string } = {}): SeedPlan {
  nameTag = options.tag ?? '';
  const plantedShare = options.plantedShare ?? 0.02;
  const ouDn = `OU=${options.ou ?? SEED_OU},${baseDn}`;
  const partDns = Array.from({ length: SEED_PARTS }, (_, p) => `OU=Part${p},${ouDn}`);
  const objects: PlannedObject[] = [];
  const expected: ExpectedFinding[] = [];
  const kinds: Record<string, number> = {};
  let i = 0;
  const ctx = (): CaseContext => ({
    i,
    part: partDns[i % SEED_PARTS]!,
    plant: (name, kind, cls, attrs) => {
      const dn = `CN=${name},${partDns[objects.length % SEED_PARTS]}`;
      objects.push({ dn, kind, attributes: { objectClass: CLASSES[cls], ...attrs } });
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      return dn;
    },
    expect: (dn, attribute, value, errors, peers) => expected.push({ dn, attribute, value, errors, ...(peers ? { peers } : {}) }),
  });
  // Cases plant 1-3 objects each; run enough of them for plantedShare of the objects (each case at least once).
  const plantedTarget = Math.max(CASES.length, Math.round(count * plantedShare));
  let plantedObjects = 0;
  let caseRuns = 0;
  let trickyRuns = 0;
  while (objects.length < count || caseRuns < CASES.length || trickyRuns < CLEAN_TRICKY.length) {
    const progress = objects.length / count;
    const before = objects.length;
    // Interleaved, so planted and tricky objects are spread through the directory and its pages.
    if (caseRuns < CASES.length || (plantedObjects < plantedTarget && plantedObjects / plantedTarget <= progress)) {
      CASES[caseRuns % CASES.length]!(ctx());
      caseRuns += 1;
      plantedObjects += objects.length - before;
    } else if (trickyRuns < CLEAN_TRICKY.length || (trickyRuns < plantedTarget / 2 && trickyRuns / (plantedTarget / 2) <= progress)) {
      CLEAN_TRICKY[trickyRuns % CLEAN_TRICKY.length]!(ctx());
      trickyRuns += 1;
    } else {
      cleanObject(ctx());
    }
    i += 1;
  }
  return { baseDn, ouDn, partDns, objects, expected, kinds };
}

/** Which case each planted object belongs to (a re-scan test changes objects of known kinds). */
export function isPlanted(o: PlannedObject): boolean {
  return o.kind !== 'clean' && !o.kind.startsWith('clean-') && !o.kind.startsWith('skipped-');
}
