// The tool step's verdict, read for the home and the report: the same probe and the same check the
// diagnosis runs for KB 2882421 step 1–2 (see shared/home/tool-standing.ts). A server that cannot
// answer gives "unknown", never a guess.
import { CHECKS } from '../../shared/playbooks/checks';
import { findStep } from '../../shared/playbooks/index';
import { KB2882421_ID, STEP } from '../../shared/playbooks/kb2882421-ids';
import type { SyncToolProbe } from '../../shared/playbooks/probes';
import type { Verdict } from '../../shared/playbooks/types';
import { standingOf, type ToolStanding } from '../../shared/home/tool-standing';
import { runProbe } from '../probes/index';
import type { PortContext } from '../probes/context';

export interface ToolReading {
  standing: ToolStanding;
  /** The version the step judged (the Connect registry key when the uninstall entry has none). */
  version: string | null;
  verdict: Pick<Verdict, 'status' | 'summary' | 'cause'> | null;
}

export async function readToolStanding(ctx: PortContext, signal?: AbortSignal): Promise<ToolReading> {
  const step = findStep(KB2882421_ID, STEP.toolSupported);
  if (!step) throw new Error(`The tool step ${STEP.toolSupported} is missing from ${KB2882421_ID}.`);
  let output: SyncToolProbe;
  try {
    output = (await runProbe(CHECKS[step.check].probe, ctx, signal)) as SyncToolProbe;
  } catch {
    return { standing: 'unknown', version: null, verdict: null };
  }
  const verdict = CHECKS[step.check].run(output);
  const version = output.install.version ?? output.install.connectVersion ?? null;
  return {
    standing: standingOf(output.install.generation, verdict, output.support.status),
    version,
    verdict: { status: verdict.status, summary: verdict.summary, ...(verdict.cause ? { cause: verdict.cause } : {}) },
  };
}
