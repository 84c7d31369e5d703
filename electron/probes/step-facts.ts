// The facts that decide whether a step applies: the sync tool's generation and how its sync
// engine service logs on. Read only for steps that declare `appliesTo`; a fact that cannot be
// read is null and never rules a step out (the step's own check then says "unknown").
import { syncEngineService } from '../../shared/domain/sync-tools';
import { classifyLogonAccount } from '../../shared/playbooks/logon-kind';
import type { StepFacts } from '../../shared/playbooks/types';
import { ALL_SYNC_SERVICE_NAMES, detectSyncTool } from '../../shared/rules/sync-tool';
import type { PortContext } from './context';

export async function readStepFacts(ctx: PortContext, signal?: AbortSignal): Promise<StepFacts> {
  const opts = { signal, timeoutMs: 20_000 };
  try {
    const [programs, services, os] = await Promise.all([
      ctx.host.installedPrograms(opts),
      ctx.host.getServices(ALL_SYNC_SERVICE_NAMES, opts),
      ctx.host.osFacts(opts),
    ]);
    const tool = detectSyncTool(programs, services, os);
    const expected = syncEngineService(tool.generation);
    const service = expected && services.find((s) => s.name.toLowerCase() === expected.name.toLowerCase());
    return {
      generation: tool.generation,
      logonKind: service ? classifyLogonAccount(service.logonAccount, os.computerName) : null,
    };
  } catch {
    return { generation: null, logonKind: null };
  }
}
