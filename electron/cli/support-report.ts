// report --out <file>: the support bundle of a fresh diagnosis, written once (never over a file).
import fs from 'node:fs';
import { needsAttention } from '../../shared/findings/needs-attention';
import type { AppSession } from '../app/session';
import { buildSupportBundle } from '../app/support-bundle';
import { runDiagnosis } from '../triage/diagnosis';
import type { ReportArgs } from './args';
import { EXIT } from './output';

export interface ReportResult {
  out: string;
  caseId: string;
  bytes: number;
  pseudonymised: boolean;
  findings: string[];
  actions: number;
  needsAttention: boolean;
  caps: Record<string, number>;
  truncated: string[];
}

export async function runReport(
  session: AppSession,
  args: ReportArgs,
  since: Date,
): Promise<{ result: ReportResult } | { error: string; exit: number; code: string; flag?: string }> {
  const facts = session.currentScenario();
  if (!facts) {
    return {
      error: 'report: a support bundle of a live Windows server is not built yet; use --lab, or --lab-file with a collected file.',
      exit: EXIT.usage,
      code: 'usage',
      flag: '--lab-file',
    };
  }
  const info = await session.handlers['app:info']({}, new AbortController().signal);
  const findings = await runDiagnosis(session.ports(), undefined, args.timeoutMs);
  // This case's audit lines: the ones written since this command started.
  const audit = session.audit.read(5000).filter((l) => String((l as unknown as { at: string }).at) >= since.toISOString());
  const bundle = buildSupportBundle({
    info,
    findings,
    facts,
    audit,
    redactor: session.redactor,
    appVersion: info.version,
    now: session.ports().now(),
    pseudonymise: args.pseudonymise,
  });
  try {
    fs.writeFileSync(args.out, bundle.bytes, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      error: `--out ${args.out}: ${code === 'EEXIST' ? 'the file exists already (a bundle never overwrites one)' : `cannot write (${code ?? 'error'})`}`,
      exit: EXIT.usage,
      code: 'usage',
      flag: '--out',
    };
  }
  return {
    result: {
      out: args.out,
      caseId: bundle.manifest.caseId,
      bytes: bundle.bytes.length,
      pseudonymised: args.pseudonymise,
      findings: findings.map((f) => f.id),
      actions: audit.filter((l) => (l as unknown as { phase: string }).phase === 'start').length,
      needsAttention: needsAttention(findings),
      caps: bundle.manifest.caps,
      truncated: bundle.manifest.truncated,
    },
  };
}
