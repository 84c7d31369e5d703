// The symptom picker: the situations the knowledge-base article "Fixing problems with directory
// synchronization for Office 365" lists, each leading to what the app can do about it (a playbook
// step, the readiness scan filtered to the right errors) or, where the app cannot act, to a short
// explanation in the app's own words and the Microsoft page to read. Data, checked by tests:
// every step exists, every filter is a scan error type, every page passes the link allow-list.
import type { ScanErrorType } from '../readiness/scan/finding';
import { cite, KB } from '../playbooks/kb-articles';
import { KB2882421_ID, STEP } from '../playbooks/kb2882421-ids';
import type { KbCitation } from '../playbooks/types';
import { MS_ARTICLES, type MicrosoftArticle } from './microsoft-articles';

export type SymptomTarget =
  /** A step of a playbook (stepId null: the playbook from its start). */
  | { kind: 'step'; playbookId: string; stepId: string | null }
  /** The upgrade path that fits this server's tool (resolved by toolUpgradeTarget). */
  | { kind: 'tool-upgrade' }
  /** The readiness workbench with its findings filtered (null: every error type). */
  | { kind: 'scan'; error: ScanErrorType | null; attribute: string | null }
  /** Nothing the app can do on this server: the explanation and the pages to read. */
  | { kind: 'explain' };

export interface Symptom {
  id: string;
  /** What the admin sees or was told, as the picker lists it. */
  label: string;
  /** The app's own words: what it means and what the app does (or why it cannot). */
  explanation: string;
  target: SymptomTarget;
  /** Where the article lists it. */
  cite: KbCitation;
  read: readonly MicrosoftArticle[];
}

const from002 = (section: string) => cite(KB.fixingDirSync, section);

export const SYMPTOMS: readonly Symptom[] = [
  {
    id: 'objects-missing',
    label: 'Synchronized objects are missing or not updating in the cloud',
    explanation:
      'An object whose attributes Entra ID rejects (a value in use by another object, a malformed address) stays behind while the rest sync. The readiness scan lists every such value in your directory, so start there.',
    target: { kind: 'scan', error: null, attribute: null },
    cite: from002('Resolving common causes: objects not appearing or updating'),
    read: [MS_ARTICLES.duplicateResiliency, MS_ARTICLES.syncErrors],
  },
  {
    id: 'no-recent-sync',
    label: 'Error reports, or an alert that no sync happened recently',
    explanation:
      'Entra ID has not heard from this server for a while. The sync-stopped playbook checks, one step at a time, that a supported tool is installed, its services and scheduler run, its accounts can sign in and its latest runs succeeded.',
    target: { kind: 'step', playbookId: KB2882421_ID, stepId: STEP.toolInstalled },
    cite: from002('Resolving common causes: no recent synchronization'),
    read: [MS_ARTICLES.syncStopped, MS_ARTICLES.connectivity],
  },
  {
    id: 'password-hash-sync',
    label: 'Password hashes are not syncing',
    explanation:
      "Password hash synchronization runs on its own schedule inside the sync tool, and this app does not read its state yet. Microsoft's page shows how to check it on the sync server and what usually stops it.",
    target: { kind: 'explain' },
    cite: from002('Resolving common causes: password hashes not synchronizing'),
    read: [MS_ARTICLES.passwordHashSync],
  },
  {
    id: 'object-quota',
    label: 'An alert that the object quota is exceeded',
    explanation:
      'Entra ID limits how many objects a tenant holds until a domain is verified, and raising the limit is done by Microsoft support, not on this server. The readiness workbench counts the objects in sync scope against that limit; to raise it, open a support request.',
    target: { kind: 'explain' },
    cite: from002('Resolving common causes: object quota exceeded'),
    read: [MS_ARTICLES.serviceLimits],
  },
  {
    id: 'attributes-synced',
    label: 'Which attributes are synchronized?',
    explanation: "The list of attributes Entra Connect sends to the cloud is Microsoft's reference page; nothing on this server needs fixing for it.",
    target: { kind: 'explain' },
    cite: from002('Resolving common causes: which attributes are synchronized'),
    read: [MS_ARTICLES.attributesSynchronized],
  },
  {
    id: 'cannot-manage-in-cloud',
    label: 'Objects that cannot be managed or removed in the cloud',
    explanation:
      "An object synchronized from this directory is managed here, not in the cloud; one deleted here but still in the cloud is usually held by a sync error. The app cannot change cloud objects: Microsoft's page explains how to find and clear them.",
    target: { kind: 'explain' },
    cite: from002('Resolving common causes: objects that cannot be managed or removed'),
    read: [MS_ARTICLES.syncErrors],
  },
  {
    id: 'too-many-objects',
    label: 'Too many objects to synchronize',
    explanation:
      "The readiness workbench counts the objects in sync scope against Entra ID's quota and lets you narrow the scope to the OUs the sync server really needs.",
    target: { kind: 'scan', error: null, attribute: null },
    cite: from002('Resolving common causes: the number of objects that can be synchronized'),
    read: [MS_ARTICLES.serviceLimits],
  },
  {
    id: 'non-routable-domain',
    label: 'The domain is non-routable (.local)',
    explanation:
      "Sign-in names ending in a suffix Entra ID cannot verify (such as .local) sync with the tenant's onmicrosoft.com name instead. The workbench lists them and its UPN suffix panel moves the users you choose to a routable suffix.",
    target: { kind: 'scan', error: 'topleveldomain', attribute: null },
    cite: from002('Other resources: prepare a non-routable domain'),
    read: [MS_ARTICLES.nonRoutableDomain],
  },
  {
    id: 'duplicate-upn-mail',
    label: 'Duplicate UPNs or e-mail addresses',
    explanation:
      'Two objects may not share a sign-in name or an address in the cloud. The workbench lists every duplicate set; you pick which object keeps the value.',
    target: { kind: 'scan', error: 'duplicate', attribute: null },
    cite: from002('Other resources: fix duplicate UPNs and e-mail addresses'),
    read: [MS_ARTICLES.duplicateResiliency, MS_ARTICLES.idFix],
  },
  {
    id: 'empty-group-display-name',
    label: 'Mail-enabled groups with an empty displayName',
    explanation: 'A mail-enabled group needs a display name to sync. The workbench lists the groups without one so you can give each a name.',
    target: { kind: 'scan', error: 'blank', attribute: 'displayName' },
    cite: from002('Other resources: empty displayName on mail-enabled groups'),
    read: [MS_ARTICLES.idFix],
  },
  {
    id: 'old-tool',
    label: 'The sync tool is deprecated or 32-bit',
    explanation:
      "DirSync and Azure AD Sync no longer synchronize, and the 32-bit DirSync cannot be upgraded in place. The app opens the upgrade path that fits this server, or, for Entra Connect, the step that checks the build against Microsoft's dated version floors.",
    target: { kind: 'tool-upgrade' },
    cite: cite(KB.dirsyncDeprecated),
    read: [MS_ARTICLES.dirSyncUpgrade],
  },
];
