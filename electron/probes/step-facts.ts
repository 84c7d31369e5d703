// The facts that decide whether a step applies: the sync tool's generation and how its sync
// engine service logs on. Read only for steps that declare `appliesTo`; a fact that cannot be
// read is null and never rules a step out (the step's own check then says "unknown").
import { logonKind } from '../../shared/domain/logon';
import { syncEngineService } from '../../shared/domain/sync-tools';
import type { StepFacts } from '../../shared/playbooks/types';
import type { PortContext } from './context';

export async function readStepFacts(ctx: PortContext, signal?: AbortSignal): Promise<StepFacts> {
  const opts = { signal, timeoutMs: 20_000 };
  try {
    const [tool, os] = await Promise.all([ctx.host.syncTool(opts), ctx.host.osFacts(opts)]);
    const expected = syncEngineService(tool.generation);
    const service = expected && tool.services.find((s) => s.name.toLowerCase() === expected.name.toLowerCase());
    return {
      generation: tool.generation,
      logonKind: service ? logonKind(service.logonAccount, os.computerName) : null,
    };
  } catch {
    return { generation: null, logonKind: null };
  }
}
