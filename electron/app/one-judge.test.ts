// One judge: the home (app:info's sync tool and the sync status line) reads the verdict of the
// diagnosis' own tool step, so on every shipped scenario it says what the diagnosis says: a build
// the diagnosis reports retired is never "supported" on the home (retired-build-1-6 and
// retired-build-2-4-18 were, judged by generation).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/domain/app';
import type { Finding } from '../../shared/findings/finding';
import type { SyncSummary } from '../../shared/home/sync-summary';
import { dispatch } from '../ipc/dispatch';
import { createAppSession } from './session';

const scenarios = fs
  .readdirSync(path.resolve('assets/scenarios'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

async function read(scenarioId: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-one-judge-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
  try {
    const [info, summary, findings] = await Promise.all([
      dispatch(session.handlers, 'app:info', {}),
      dispatch(session.handlers, 'home:sync-status', {}),
      dispatch(session.handlers, 'triage:diagnose', {}),
    ]);
    if (!info.ok || !summary.ok || !findings.ok) throw new Error('a channel failed');
    return { tool: (info.value as AppInfo).syncTool, summary: summary.value as SyncSummary, findings: findings.value as Finding[] };
  } finally {
    await session.close();
  }
}

const STANDING_OF_CAUSE: Record<string, AppInfo['syncTool']['status']> = { 'sync-tool-retired': 'retired', 'sync-tool-unsupported': 'unsupported' };

describe('the home and the diagnosis judge the sync tool alike', () => {
  it.each(['retired-build-1-6', 'retired-build-2-4-18'])('%s: retired on the home, as in the diagnosis', async (scenarioId) => {
    const { tool, summary, findings } = await read(scenarioId);
    expect(findings.map((f) => f.id)).toContain('sync-tool-retired');
    expect(tool).toMatchObject({ status: 'retired', supported: false });
    expect(summary.tool.status).toBe('retired');
  });

  it.each(scenarios)('%s', async (scenarioId) => {
    const { tool, summary, findings } = await read(scenarioId);
    expect(summary.tool.status, 'the sync status line and the connection panel').toBe(tool.status);
    expect(tool.supported).toBe(tool.status === 'supported');
    const toolFinding = findings.find((f) => f.id in STANDING_OF_CAUSE);
    if (toolFinding) expect(tool.status, toolFinding.title).toBe(STANDING_OF_CAUSE[toolFinding.id]);
    else if (tool.generation === 'entra-connect') expect(['supported', 'unknown'], tool.status).toContain(tool.status);
  });
});
