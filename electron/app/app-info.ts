// The home screen's facts: host, directory connection and the sync tool found.
import type { AppInfo, ScenarioSummary } from '../../shared/domain/app';
import type { CaFileChoice, DirectoryCredentials } from '../../shared/ipc/contract';
import { ALL_SYNC_SERVICE_NAMES, detectSyncTool } from '../../shared/domain/sync-tool-detection';
import type { PortContext } from '../probes/context';
import { readToolStanding } from '../triage/tool-standing';

export interface AppInfoSource {
  appInfo(): Promise<AppInfo>;
  listScenarios(): Promise<ScenarioSummary[]>;
  loadScenario(id: string): Promise<void>;
  connectDirectory(credentials: DirectoryCredentials): Promise<void>;
  /** Open the CA file picker (or forget the choice); the choice now held, by name only. */
  chooseCaFile(clear: boolean): Promise<CaFileChoice>;
}

export async function buildAppInfo(
  ctx: PortContext,
  meta: {
    version: string;
    mode: AppInfo['mode'];
    scenario: AppInfo['scenario'];
    /** The facts file's origin when the lab shows a collected server or a bundle. */
    collected?: AppInfo['collected'];
    directoryProblem: string | null;
    /** Domain and DC found by discovery, shown before the admin signs in. */
    discovered: { domain: string; dcHostName: string } | null;
  },
): Promise<AppInfo> {
  const [os, programs, services, standing] = await Promise.all([
    ctx.host.osFacts(),
    ctx.host.installedPrograms(),
    ctx.host.getServices(ALL_SYNC_SERVICE_NAMES),
    // The tool's support is the diagnosis' own verdict (its tool step), never judged by generation here.
    readToolStanding(ctx),
  ]);
  const tool = detectSyncTool(programs, services, os);
  let directory: AppInfo['directory'] = {
    kind: ctx.directory?.kind ?? 'none',
    connected: false,
    domain: meta.discovered?.domain ?? null,
    server: meta.discovered?.dcHostName ?? null,
    problem: meta.directoryProblem ?? (ctx.directory ? null : 'Not connected to Active Directory: sign in to check the service accounts.'),
  };
  if (ctx.directory) {
    try {
      const info = await ctx.directory.info({ timeoutMs: 10_000 });
      directory = { ...directory, connected: true, domain: info.domain, server: info.dcHostName, problem: null };
    } catch (e) {
      directory = { ...directory, problem: e instanceof Error ? e.message : String(e) };
    }
  }
  return {
    version: meta.version,
    mode: meta.mode,
    scenario: meta.scenario,
    collected: meta.collected ?? null,
    host: { computerName: os.computerName, domain: os.domain, os: os.caption, is64Bit: os.is64Bit, isElevated: os.isElevated },
    directory,
    syncTool: {
      generation: tool.generation,
      label: tool.label,
      version: tool.program?.version ?? standing.version,
      bitness: tool.bitness,
      supported: standing.standing === 'supported',
      status: tool.generation === 'none' ? 'none' : standing.standing,
    },
  };
}
