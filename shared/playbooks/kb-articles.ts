// The articles in the KB kit, by file name, so citations are written once.
import type { KbCitation } from './types';

type Article = Omit<KbCitation, 'method' | 'step'>;

export const KB = {
  dirsync32Event0: { file: '000_69d9a707ba6b4da7.txt', kb: null, title: 'Directory Synchronization tool stops syncing objects (32-bit tool, event ID 0)' },
  dirsyncDeprecated: { file: '001_444b531341506a89.txt', kb: null, title: 'Directory Synchronization tool stops syncing objects (deprecated tool, event ID 0 or 109)' },
  fixingDirSync: { file: '002_1ffd12f8671dd6b6.txt', kb: null, title: 'Fixing problems with directory synchronization for Office 365' },
  installUpgrade: { file: '003_4ab44e418844b1eb.txt', kb: null, title: 'Install or upgrade the Directory Sync tool' },
  syncStopped: { file: '004_e04978eefed90a53.txt', kb: '2882421', title: 'Directory synchronization stops, or no sync registered in more than a day' },
} as const satisfies Record<string, Article>;

export function cite(article: Article, method: string | null = null, step: string | null = null): KbCitation {
  return { ...article, method, step };
}
