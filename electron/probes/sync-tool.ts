// Probe for the tool step: the installed sync tool and where its build stands today against the
// dated version floors (shared/domain/version-floors.ts).
import { compareVersions, evaluateSyncToolVersion, LATEST_CONNECT_BUILD } from '../../shared/domain/version-floors';
import { syncEngineService } from '../../shared/domain/sync-tools';
import type { AutoUpgradeProbe, SyncToolProbe } from '../../shared/playbooks/probes';
import type { PortContext } from './context';
import { REJECTED_TEXT } from './dirsync-upgrade';

const WEEK = 7 * 24 * 3600_000;
/** Whole minutes, so the steps that read the tool in one diagnosis ask the same question once. */
const weekAgo = (now: Date) => new Date(Math.floor((now.getTime() - WEEK) / 60_000) * 60_000).toISOString();

export async function probeSyncTool(ctx: PortContext, signal?: AbortSignal): Promise<SyncToolProbe> {
  const opts = { signal, timeoutMs: 20_000 };
  const [install, events] = await Promise.all([
    ctx.host.syncTool(opts),
    ctx.host.queryEvents({ log: 'Application', sources: ['Directory Synchronization'], ids: [0, 109], since: weekAgo(ctx.now()), maxEvents: 20 }, opts),
  ]);
  const version = install.version ?? install.connectVersion;
  const verdict = evaluateSyncToolVersion(install.generation, version, ctx.now());
  const worst = verdict.floors[0];
  const fromBuild = verdict.build && (verdict.build.status === 'ended' || verdict.build.status === 'recalled') && verdict.status === 'unsupported';
  const reason =
    verdict.status === 'supported'
      ? (verdict.build?.summary ?? `No version floor in force applies to ${version ?? 'this build'}.`)
      : verdict.status === 'unknown'
        ? 'No version number could be compared with the floors.'
        : fromBuild
          ? verdict.build!.summary
          : (worst?.summary ?? 'This build is below a version floor.');
  const rowSource = verdict.build?.row ? `${verdict.build.row.source} (${verdict.build.row.sourceDate})` : null;
  const next = verdict.upcoming[0];
  // The highest floor this build is below is the build to upgrade to, at least.
  const minimumVersion = verdict.floors
    .map((f) => f.below)
    .filter((v): v is string => !!v)
    .reduce<string | null>((max, v) => (max === null || (compareVersions(v, max) ?? 0) > 0 ? v : max), null);
  return {
    install,
    support: {
      status: verdict.status,
      reason,
      source:
        fromBuild || (!worst && rowSource)
          ? rowSource!
          : worst
            ? `${worst.source} (${worst.sourceDate})`
            : 'the version floors and build table Microsoft publishes',
      minimumVersion: fromBuild ? LATEST_CONNECT_BUILD : minimumVersion,
      deadline: next ? { from: next.from, summary: next.summary, source: `${next.source} (${next.sourceDate})` } : null,
    },
    rejectEvents: events.filter((e) => REJECTED_TEXT.test(e.message)),
  };
}

/**
 * Entra Connect's automatic upgrade, beside the tool step's own facts. The state is read only on
 * Connect: other tools have no such cmdlet, and asking them costs a PowerShell start for nothing.
 */
export async function probeAutoUpgrade(ctx: PortContext, signal?: AbortSignal): Promise<AutoUpgradeProbe> {
  const tool = await probeSyncTool(ctx, signal);
  const { generation, services } = tool.install;
  const expected = syncEngineService(generation);
  const engine = expected && services.find((s) => s.name.toLowerCase() === expected.name.toLowerCase());
  const autoUpgrade =
    generation === 'entra-connect'
      ? await ctx.host.autoUpgrade({ signal, timeoutMs: 20_000 })
      : { available: false, state: null, suspensionReason: null, problem: 'Only Entra Connect upgrades itself; this tool has no automatic upgrade.' };
  return { tool, autoUpgrade, engineRunning: engine ? engine.state === 'running' : null };
}
