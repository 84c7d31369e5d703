// The readiness problems the lab's in-memory directory holds, so the workbench (scan, edit, apply,
// undo) can be practised with the lab alone: one object per kind of problem the scan judges, in
// their own OU. Each entry says what the scan should find and the fix a newcomer would make; the
// test (readiness-practice.test.ts) scans the lab, applies each fix and undoes it.
import type { ScanAction, ScanErrorType } from '../../shared/readiness/scan/finding';
import type { LabDirectoryAdmin } from '../directory/lab-user-spec';

export const PRACTICE_OU = 'Readiness practice';
/** 72 characters without a space: over the limit, and a value a panel must wrap. */
const LONG_GIVEN_NAME = 'Alexandra'.repeat(8);

export interface PracticeProblem {
  /** What is wrong, in words (shown nowhere but the test names and this file). */
  what: string;
  /** The object's cn (in OU=Readiness practice). */
  cn: string;
  /** The value the scan reports, and its attribute and error. */
  attribute: string;
  value: string;
  error: ScanErrorType;
  /** The fix: the row's action, and for an edit the value (null: the scan's own proposal). */
  fix: { action: Exclude<ScanAction, 'none' | 'complete'>; value: string | null };
}

interface PracticeObject {
  cn: string;
  kind: 'user' | 'group' | 'contact';
  attributes: Record<string, string[]>;
}

/** The objects, for a domain (addresses and UPNs use its DNS name). */
export function practiceObjects(domain: string): PracticeObject[] {
  const user = (cn: string, sam: string, attributes: Record<string, string[]>): PracticeObject => ({
    cn,
    kind: 'user',
    attributes: { sAMAccountName: [sam], userPrincipalName: [`${sam}@${domain}`], ...attributes },
  });
  return [
    user('Dana Duplicate', 'dana.dup', {
      displayName: ['Dana Duplicate'],
      mail: [`dana.dup@${domain}`],
      proxyAddresses: [`SMTP:dana.dup@${domain}`, `smtp:sales@${domain}`],
    }),
    user('Dale Duplicate', 'dale.dup', {
      displayName: ['Dale Duplicate'],
      mail: [`dale.dup@${domain}`],
      proxyAddresses: [`SMTP:dale.dup@${domain}`, `smtp:sales@${domain}`],
    }),
    user('Uma Upn', 'uma', { displayName: ['Uma Upn'], mail: [`uma@${domain}`] }),
    { cn: 'Uma (old contact)', kind: 'contact', attributes: { displayName: ['Uma (old contact)'], mail: [`uma@${domain}`] } },
    user('Carl Space', 'carl.space', { displayName: ['Carl Space'], userPrincipalName: [`carl space@${domain}`] }),
    user('Lea Local', 'lea.local', { displayName: ['Lea Local'], userPrincipalName: ['lea.local@corp.local'] }),
    {
      cn: 'Sales Team',
      kind: 'group',
      attributes: { sAMAccountName: ['sales-team'], groupType: ['8'], mail: [`sales-team@${domain}`], proxyAddresses: [`SMTP:sales-team@${domain}`] },
    },
    user('Long Given', 'long.given', { displayName: ['Long Given'], givenName: [LONG_GIVEN_NAME] }),
  ];
}

/** The problems the scan should find in those objects, each with its fix. */
export function practiceProblems(domain: string): PracticeProblem[] {
  return [
    {
      what: 'a proxy address two users hold',
      cn: 'Dana Duplicate',
      attribute: 'proxyAddresses',
      value: `smtp:sales@${domain}`,
      error: 'duplicate',
      fix: { action: 'remove', value: null },
    },
    {
      what: "a user's UPN is a contact's mail",
      cn: 'Uma (old contact)',
      attribute: 'mail',
      value: `uma@${domain}`,
      error: 'duplicate',
      fix: { action: 'edit', value: `uma.contact@${domain}` },
    },
    {
      what: 'a space in a UPN',
      cn: 'Carl Space',
      attribute: 'userPrincipalName',
      value: `carl space@${domain}`,
      error: 'character',
      fix: { action: 'edit', value: null },
    },
    {
      what: 'a .local UPN suffix',
      cn: 'Lea Local',
      attribute: 'userPrincipalName',
      value: 'lea.local@corp.local',
      error: 'topleveldomain',
      fix: { action: 'edit', value: `lea.local@${domain}` },
    },
    {
      what: 'a mail-enabled group without a displayName',
      cn: 'Sales Team',
      attribute: 'displayName',
      value: '',
      error: 'blank',
      fix: { action: 'edit', value: null },
    },
    {
      what: 'a givenName over 64 characters',
      cn: 'Long Given',
      attribute: 'givenName',
      value: LONG_GIVEN_NAME,
      error: 'length',
      fix: { action: 'edit', value: null },
    },
  ];
}

const CLASSES: Record<PracticeObject['kind'], string[]> = {
  user: ['top', 'person', 'organizationalPerson', 'user'],
  group: ['top', 'group'],
  contact: ['top', 'person', 'organizationalPerson', 'contact'],
};

/** Adds the practice OU and its objects (users without a password, disabled: they exist to be judged). */
export async function seedReadinessPractice(admin: LabDirectoryAdmin, baseDn: string, domain: string): Promise<string> {
  const ou = await admin.createOrganizationalUnit(PRACTICE_OU, baseDn);
  for (const o of practiceObjects(domain)) {
    const extra: Record<string, string[]> = o.kind === 'user' ? { userAccountControl: ['514'] } : {};
    await admin.addObject(`CN=${o.cn.replace(/([,+"\\<>;=#])/g, '\\$1')},${ou}`, { objectClass: CLASSES[o.kind], ...extra, ...o.attributes });
  }
  return ou;
}
