// The Microsoft articles the playbooks are built from, so citations are written once. What the
// admin sees is the article's title, its KB number and a public address to read it (checked
// 2026-12-06); the reference kit's file names stay here, internal, for the tests that tie a
// citation to the text it was written from.
import { SOURCES } from '../domain/public-sources';
import type { KbCitation } from './types';

type Article = Omit<KbCitation, 'method' | 'step'>;

const KB2882421_URL = 'https://support.microsoft.com/help/2882421';
/** The DirSync-era articles are retired; Microsoft's current page on the subject is the DirSync upgrade guide. */
const DIRSYNC_UPGRADE = { title: SOURCES.dirsyncUpgrade.title, url: SOURCES.dirsyncUpgrade.url };

export const KB = {
  dirsync32Event0: { kb: null, title: 'Directory Synchronization tool stops syncing objects (32-bit tool, event ID 0)', read: DIRSYNC_UPGRADE, retired: true },
  dirsyncDeprecated: {
    kb: null,
    title: 'Directory Synchronization tool stops syncing objects (deprecated tool, event ID 0 or 109)',
    read: DIRSYNC_UPGRADE,
    retired: true,
  },
  fixingDirSync: {
    kb: null,
    title: 'Fixing problems with directory synchronization for Microsoft 365',
    read: {
      title: 'Fixing problems with directory synchronization for Microsoft 365',
      url: 'https://learn.microsoft.com/microsoft-365/enterprise/fix-problems-with-directory-synchronization',
    },
    retired: false,
  },
  installUpgrade: { kb: null, title: 'Install or upgrade the Directory Sync tool (TechNet, 2013)', read: DIRSYNC_UPGRADE, retired: true },
  syncStopped: {
    kb: '2882421',
    title: "Directory synchronization to Microsoft Entra ID stops or you're warned that sync hasn't registered in more than a day",
    read: { title: 'KB 2882421 on Microsoft Support', url: KB2882421_URL },
    retired: false,
  },
} as const satisfies Record<string, Article>;

/** Internal only (never shown): which file of the reference kit (../shared/kb) each article is. */
export const KIT_FILE: Readonly<Record<keyof typeof KB, string>> = {
  dirsync32Event0: '000_69d9a707ba6b4da7.txt',
  dirsyncDeprecated: '001_444b531341506a89.txt',
  fixingDirSync: '002_1ffd12f8671dd6b6.txt',
  installUpgrade: '003_4ab44e418844b1eb.txt',
  syncStopped: '004_e04978eefed90a53.txt',
};

export function cite(article: Article, method: string | null = null, step: string | null = null): KbCitation {
  return { ...article, method, step };
}
