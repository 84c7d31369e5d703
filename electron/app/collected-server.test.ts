// A server the app cannot run on, through the real handlers: its collected file opened in lab
// mode, diagnosed with the same playbooks, and the different-computer path walked to its end with
// every old-server step given as commands to run there and verified by the next collected file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/domain/app';
import type { OldServerSteps } from '../../shared/collector/old-server';
import type { ApplyOutcome, PlannedChange, Verdict } from '../../shared/playbooks/types';
import { dispatch } from '../ipc/dispatch';
import { runDiagnosis } from '../triage/diagnosis';
import { createAppSession } from './session';

const FIXTURES = path.resolve(import.meta.dirname, '../../tests/collector/fixtures');
const fixture = (name: string) => path.join(FIXTURES, name);
const PARALLEL = 'dirsync-different-computer';

async function openCollected(first: string) {
  const picks: string[] = [first];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-collected-'));
  const session = await createAppSession({
    dataDir,
    mode: 'lab',
    appVersion: 'test',
    labTransitionMs: 1,
    actor: 'LAB\\admin',
    pickFactsFile: async () => picks.shift() ?? null,
  });
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await dispatch(session.handlers, channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const opened = await call<{ opened: boolean; info: AppInfo }>('collector:open', {});
  expect(opened.opened).toBe(true);
  return {
    session,
    info: opened.info,
    call,
    raw: (channel: string, payload: unknown) => dispatch(session.handlers, channel, payload),
    probe: (stepId: string) => call<Verdict>('step:probe', { playbookId: PARALLEL, stepId }),
    oldServer: (stepId: string) => call<OldServerSteps | null>('collector:old-server-steps', { playbookId: PARALLEL, stepId }),
    async fix(stepId: string) {
      const plan = await call<PlannedChange | null>('step:plan', { playbookId: PARALLEL, stepId });
      if (!plan) throw new Error(`${stepId}: no fix offered`);
      return call<ApplyOutcome>('step:apply', { planId: plan.planId });
    },
    async attest(stepId: string) {
      return call<ApplyOutcome>('step:attest', { playbookId: PARALLEL, stepId });
    },
    async openNext(file: string) {
      picks.push(file);
      return call<{ opened: boolean; info: AppInfo }>('collector:open', {});
    },
  };
}

describe('a collected server', () => {
  it('opens in lab mode, says where its facts come from, and is diagnosed with the same playbooks', async () => {
    const s = await openCollected(fixture('dirsync-2008r2.before.json'));
    expect(s.info).toMatchObject({
      mode: 'lab',
      scenario: { id: 'collected-dirsync01' },
      collected: { kind: 'collector', by: 'Collect-DsdLegacyFacts.ps1 1.0', computerName: 'DIRSYNC01' },
      host: { computerName: 'DIRSYNC01', os: 'Microsoft Windows Server 2008 R2 Standard' },
      syncTool: { generation: 'dirsync', version: '1.0.7020.0' },
    });
    const findings = await runDiagnosis(s.session.ports());
    expect(findings.map((f) => f.id)).toContain('dirsync-different-computer-path');
    await s.session.close();
  });

  it('a cancelled picker keeps the server shown', async () => {
    const s = await openCollected(fixture('aadsync-2012r2.json'));
    const again = await s.call<{ opened: boolean; info: AppInfo }>('collector:open', {});
    expect(again).toMatchObject({ opened: false, info: { scenario: { id: 'collected-aadsync-2012' } } });
    await s.session.close();
  });

  it('a bad file is refused naming the field, and the server shown stays', async () => {
    const s = await openCollected(fixture('connect1-2012r2.json'));
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-bad-')), 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...JSON.parse(fs.readFileSync(fixture('connect1-2012r2.json'), 'utf8')), os: { computerName: 'X' } }));
    const next = await s.openNext(bad).catch((e: Error) => e);
    expect(next).toBeInstanceOf(Error);
    expect((next as Error).message).toMatch(/invalid-request .*bad\.json: .*os\./);
    const info = await s.call<AppInfo>('app:info', {});
    expect(info.scenario?.id).toBe('collected-sync-2012r2');
    await s.session.close();
  });

  it('walks the different-computer path to its end: old-server steps as commands, each verified by the next collected file', async () => {
    const s = await openCollected(fixture('dirsync-2008r2.before.json'));
    expect((await s.fix('path')).recheck?.status).toBe('pass');
    expect((await s.probe('sync-account')).status).toBe('pass');
    expect((await s.fix('gap-snapshot')).recheck?.status).toBe('pass');

    // Stop the sync service: the app cannot, it gives the command to run there.
    expect((await s.probe('stop-old-service')).status).toBe('fail');
    const refused = await s.raw('step:plan', { playbookId: PARALLEL, stepId: 'stop-old-service' });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('collected from DIRSYNC01') });
    const stop = await s.oldServer('stop-old-service');
    expect(stop?.commands.map((c) => c.command)).toEqual(["Stop-Service -Name 'MSOnlineSyncScheduler'", "Get-Service -Name 'MSOnlineSyncScheduler'"]);
    expect(stop?.verify.command).toBe(
      'powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\\Collect-DsdLegacyFacts.ps1 -OutFile .\\dirsync01-after-stop-old-service.json',
    );

    // A run was in progress in the first file: the wait step is a command too.
    expect((await s.probe('no-run-in-progress')).status).toBe('fail');
    expect((await s.oldServer('no-run-in-progress'))?.commands[0]?.command).toContain("RunStatus = 'in-progress'");

    const second = await s.openNext(fixture('dirsync-2008r2.after-stop.json'));
    expect(second.info.collected?.at).toBe('2026-12-01T10:02:51Z');
    expect((await s.probe('path')).status).toBe('pass'); // the checklist is kept for the same server
    expect((await s.probe('stop-old-service')).status).toBe('pass');
    expect(await s.oldServer('stop-old-service')).toBeNull();
    expect((await s.probe('no-run-in-progress')).status).toBe('pass');

    for (const step of ['new-server-no-adfs', 'new-computer', 'old-forced-sync', 'new-forced-sync']) {
      expect((await s.fix(step)).recheck?.status, step).toBe('pass');
    }

    const uninstall = await s.oldServer('uninstall-old');
    expect(uninstall?.commands.map((c) => c.command)).toEqual([
      "New-Item -ItemType Directory -Force -Path 'C:\\Windows\\Logs\\DirSyncDoctor'",
      "(Start-Process -FilePath 'msiexec.exe' -ArgumentList '/x', '{F2C2A4D3-7E21-4B6C-9A3E-5D1F0B8C6A27}', '/qn', '/norestart', '/l*v', 'C:\\Windows\\Logs\\DirSyncDoctor\\uninstall-F2C2A4D3-7E21-4B6C-9A3E-5D1F0B8C6A27.log' -Wait -PassThru).ExitCode",
    ]);
    const noUninstall = await s.raw('step:plan', { playbookId: PARALLEL, stepId: 'uninstall-old' });
    expect(noUninstall.ok).toBe(false);

    await s.openNext(fixture('dirsync-2008r2.after-uninstall.json'));
    expect((await s.probe('uninstall-old')).status).toBe('pass');
    expect(await s.oldServer('uninstall-old')).toBeNull();
    const last = await s.probe('gap-deletions');
    expect(last.status).not.toBe('unknown');
    await s.session.close();
  });
});
