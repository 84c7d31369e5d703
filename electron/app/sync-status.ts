// Reads the facts behind the home page's "is sync working?" line (the scheduler, the run history,
// the installed tool) and hands them to the pure summary. A fact that cannot be read is named
// with the reason in words; the others are still shown.
import { ALL_SYNC_SERVICE_NAMES, detectSyncTool } from '../../shared/domain/sync-tool-detection';
import { summarizeSync, type SyncFacts, type SyncSummary } from '../../shared/home/sync-summary';
import type { PortContext } from '../probes/context';
import { readProblem } from '../probes/read-problem';
import { readToolStanding } from '../triage/tool-standing';

async function settle<T>(read: Promise<T>): Promise<{ value: T } | { problem: string }> {
  try {
    return { value: await read };
  } catch (e) {
    return { problem: readProblem(e) };
  }
}

export async function readSyncSummary(ctx: PortContext, signal?: AbortSignal): Promise<SyncSummary> {
  const opts = signal ? { signal } : {};
  const [os, programs, services, standing] = await Promise.all([
    ctx.host.osFacts(opts),
    ctx.host.installedPrograms(opts),
    ctx.host.getServices(ALL_SYNC_SERVICE_NAMES, opts),
    readToolStanding(ctx, signal),
  ]);
  const tool = detectSyncTool(programs, services, os);
  const noEngine = tool.generation === 'none';
  const [scheduler, runs] = noEngine
    ? [{ problem: 'No sync tool is installed, so there is no scheduler.' }, { problem: 'No sync tool is installed, so there is no run history.' }]
    : await Promise.all([settle(ctx.host.scheduler(opts)), settle(ctx.host.connectorRuns(opts))]);
  const facts: SyncFacts = {
    scheduler: 'value' in scheduler ? scheduler.value : null,
    runs: 'value' in runs ? runs.value : null,
    tool: { generation: tool.generation, label: tool.label, version: standing.version ?? tool.program?.version ?? null, standing: standing.standing },
    problems: {
      ...('problem' in scheduler ? { scheduler: scheduler.problem } : {}),
      ...('problem' in runs ? { runs: runs.problem } : {}),
    },
  };
  return summarizeSync(facts, ctx.now());
}
