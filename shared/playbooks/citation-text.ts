// A citation in words, for the app's step and finding views and the command line's text output
// alike: where it comes from, the article's title, and the public address to read it (for a
// retired article, Microsoft's current page on the subject, said as such).
import type { KbCitation } from './types';

/** "KB 2882421 · Method 1 · Step 2" (parts that are missing are left out). */
export function citationLine(cite: KbCitation): string {
  const parts = [cite.kb ? `KB ${cite.kb}` : null, cite.method, cite.step ? `Step ${cite.step}` : null];
  const line = parts.filter((p): p is string => !!p).join(' · ');
  return line || 'Microsoft article';
}

/** What leads to the address: "Read it: " or, for a retired article, the current page's lead. */
export function citationReadLead(cite: KbCitation): string {
  return cite.retired ? 'Retired article; Microsoft’s current page: ' : 'Read it: ';
}

/** The citation as plain text lines: where, the title, and the address (for terminals and files). */
export function citationTextLines(cite: KbCitation): string[] {
  return [citationLine(cite), cite.title, `${citationReadLead(cite)}${cite.read.title} <${cite.read.url}>`];
}
