// Where a step, playbook or finding comes from, as the admin can follow it: "KB 2882421 · Method 1 ·
// Step 2", the article's title, and a link to read it (for a retired article, Microsoft's current
// page on the subject, said as such). Only public sources: the citation carries nothing else.
import type { KbCitation } from '../../shared/playbooks/types';
import { citationReadLead } from '../../shared/playbooks/citation-text';
import { citationLine } from '../words';
import { ArticleLink } from './ArticleLink';

export function Citation({ cite, testId }: { cite: KbCitation; testId?: string }) {
  return (
    <p className="cite" data-testid={testId}>
      <span className="cite-line">{citationLine(cite)}</span>
      <span className="cite-title">{cite.title}</span>
      <span className="cite-read small">
        {citationReadLead(cite)}
        <ArticleLink article={cite.read} />
      </span>
    </p>
  );
}
