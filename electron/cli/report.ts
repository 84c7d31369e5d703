// The diagnose report: its JSON shape for tools and its text form for people.
import type { AppInfo } from '../../shared/domain/app';
import type { Finding } from '../../shared/findings/finding';
import { citationTextLines } from '../../shared/playbooks/citation-text';

export interface DiagnoseReport {
  tool: 'dirsync-doctor';
  version: string;
  checkedAt: string;
  mode: AppInfo['mode'];
  scenario: string | null;
  host: string;
  directory: string | null;
  syncTool: AppInfo['syncTool'];
  findings: Finding[];
  needsAttention: boolean;
}

const MARK: Record<Finding['severity'], string> = { critical: 'CRITICAL', error: 'ERROR', warning: 'WARNING', info: 'INFO' };

export function formatReport(r: DiagnoseReport): string {
  const lines = [
    `DirSync Doctor ${r.version} — ${r.host}${r.scenario ? ` (lab: ${r.scenario})` : ''}`,
    `Sync tool: ${r.syncTool.label}${r.syncTool.version ? ` ${r.syncTool.version}` : ''}${r.syncTool.bitness ? `, ${r.syncTool.bitness}-bit` : ''}`,
    `Directory: ${r.directory ?? 'not connected'}`,
    '',
  ];
  if (!r.findings.length) lines.push('No problems found.');
  // Root causes first; a finding that follows from one is indented under it and says so.
  for (const f of r.findings) {
    const pad = f.causedBy ? '    ' : '';
    lines.push(`${pad}[${MARK[f.severity]}] ${f.title}`);
    if (f.causedBy) lines.push(`${pad}    Follows from: ${f.causedBy} (fix that first: fix ${f.causedBy})`);
    // Where it comes from and the address to read it, as the app's finding shows them.
    for (const line of citationTextLines(f.cite)) lines.push(`${pad}    ${line}`);
    for (const e of f.evidence.slice(0, 4)) lines.push(`${pad}    - ${e.label}: ${e.value}`);
    if (f.fixedBy) lines.push(`${pad}    Fix: playbook ${f.fixedBy.playbookId}${f.fixedBy.stepId ? ` / ${f.fixedBy.stepId}` : ''}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
