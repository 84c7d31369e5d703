// The triage home's channels against real pieces: the symptom data points only at things that
// exist, links pass only through the allow-list, the audit view carries `audit verify`'s verdict,
// and a screenshot is written where the save port says.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYMPTOMS } from '../../shared/home/symptoms';
import { MS_ARTICLES } from '../../shared/home/microsoft-articles';
import { toolUpgradeTarget, playbookFits } from '../../shared/home/playbook-fit';
import { findPlaybook, findStep, PLAYBOOKS } from '../../shared/playbooks/index';
import { ScanErrorType } from '../../shared/readiness/scan/finding';
import { AuditLog } from '../audit/audit-log';
import { Redactor } from '../secrets/redactor';
import { externalUrlToOpen } from '../security/external-urls';
import { createHomeHandlers, screenshotFileName, type HomeHandlerDeps, type ScreenshotPort } from './home-handlers';
import type { PortContext } from '../probes/context';

const signal = new AbortController().signal;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-home-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function deps(over: Partial<HomeHandlerDeps> = {}): HomeHandlerDeps {
  return {
    ports: () => ({ now: () => new Date('2026-12-06T15:04:05.123Z') }) as unknown as PortContext,
    audit: new AuditLog(dir, new Redactor()),
    openExternal: vi.fn(),
    screenshot: null,
    ...over,
  };
}

describe('symptom picker data', () => {
  it('every symptom leads somewhere that exists, and every page it cites opens', () => {
    expect(SYMPTOMS).toHaveLength(11);
    for (const s of SYMPTOMS) {
      const t = s.target;
      if (t.kind === 'step') {
        expect(findPlaybook(t.playbookId), s.id).toBeDefined();
        if (t.stepId) expect(findStep(t.playbookId, t.stepId), s.id).toBeDefined();
      }
      if (t.kind === 'scan' && t.error) expect(ScanErrorType.options).toContain(t.error);
      expect(s.read.length, s.id).toBeGreaterThan(0);
      for (const a of s.read) expect(externalUrlToOpen(a.url), `${s.id}: ${a.url}`).not.toBeNull();
      expect(externalUrlToOpen(s.cite.read.url), `${s.id}: ${s.cite.read.url}`).not.toBeNull();
    }
    for (const a of Object.values(MS_ARTICLES)) expect(externalUrlToOpen(a.url), a.url).not.toBeNull();
  });

  it('the tool symptom opens an existing playbook (and step) for every kind of tool', () => {
    for (const generation of ['dirsync', 'aadsync', 'entra-connect', 'none'] as const) {
      for (const bitness of ['32', '64', null] as const) {
        const target = toolUpgradeTarget({ generation, bitness });
        expect(findPlaybook(target.playbookId), `${generation} ${bitness}`).toBeDefined();
        if (target.stepId) expect(findStep(target.playbookId, target.stepId)).toBeDefined();
      }
    }
    expect(toolUpgradeTarget({ generation: 'dirsync', bitness: '32' }).playbookId).toBe('dirsync-uninstall-new-server');
  });

  it('a Connect server is offered only the sync-stopped playbook; a DirSync server every playbook', () => {
    expect(PLAYBOOKS.filter((p) => playbookFits(p, { generation: 'entra-connect', bitness: '64' })).map((p) => p.id)).toEqual(['kb2882421']);
    expect(PLAYBOOKS.filter((p) => playbookFits(p, { generation: 'dirsync', bitness: '64' }))).toHaveLength(PLAYBOOKS.length);
  });
});

describe('shell:open-external', () => {
  it('hands an allowed Microsoft page to the browser and refuses anything else without calling it', async () => {
    const d = deps();
    const h = createHomeHandlers(d);
    expect(await h['shell:open-external']({ url: MS_ARTICLES.idFix.url }, signal)).toEqual({ opened: true });
    for (const url of [
      'https://evil.example/',
      'http://learn.microsoft.com/',
      'https://learn.microsoft.com.evil.example/x',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://go.microsoft.com/fwlink/p/?LinkId=396717',
    ]) {
      expect(await h['shell:open-external']({ url }, signal), url).toEqual({ opened: false });
    }
    expect(d.openExternal).toHaveBeenCalledTimes(1);
    expect(d.openExternal).toHaveBeenCalledWith(MS_ARTICLES.idFix.url);
  });

  it('opens nothing where there is no browser', async () => {
    const h = createHomeHandlers(deps({ openExternal: null }));
    expect(await h['shell:open-external']({ url: MS_ARTICLES.idFix.url }, signal)).toEqual({ opened: false });
  });
});

describe('audit:read', () => {
  it('shows the actions with the chain intact, then names the line someone edited', async () => {
    const d = deps();
    const id = d.audit.begin({
      actor: 'tech',
      host: 'SYNC01',
      action: 'service.start',
      target: 'Service ADSync',
      planned: [{ target: 'Service ADSync', property: 'state', from: 'Stopped', to: 'Running' }],
      origin: 'test',
    });
    d.audit.end(id, { result: 'succeeded', summary: 'started', errorCode: null, recheck: { status: 'pass', summary: 'runs' } });
    const h = createHomeHandlers(d);
    const view = await h['audit:read']({}, signal);
    expect(view.verification).toEqual({ ok: true, lines: 2 });
    expect(view.file).toBe(d.audit.file);
    expect(view.entries).toHaveLength(1);
    expect(view.entries[0]).toMatchObject({ action: 'service.start', result: 'succeeded', planned: [{ from: 'Stopped', to: 'Running' }] });

    fs.writeFileSync(d.audit.file, fs.readFileSync(d.audit.file, 'utf8').replace('"to":"Running"', '"to":"Paused"'));
    const broken = await h['audit:read']({}, signal);
    expect(broken.verification).toMatchObject({ ok: false, line: 1 });
  });

  it('an audit log not written yet is empty and intact', async () => {
    const view = await createHomeHandlers(deps())['audit:read']({}, signal);
    expect(view).toMatchObject({ entries: [], verification: { ok: true, lines: 0 } });
  });
});

describe('screenshot:save', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const port = (savePath: string | null): ScreenshotPort & { copied: Uint8Array[]; offered: string[] } => {
    const copied: Uint8Array[] = [];
    const offered: string[] = [];
    return {
      copied,
      offered,
      capture: async () => png,
      chooseSavePath: async (name) => {
        offered.push(name);
        return savePath;
      },
      copyToClipboard: async (p) => void copied.push(p),
    };
  };

  it('copies to the clipboard and writes the PNG where the tech picked, the case id in the offered name', async () => {
    const p = port(path.join(dir, 'shot'));
    const out = await createHomeHandlers(deps({ screenshot: p }))['screenshot:save']({ caseId: 'CASE-42' }, signal);
    expect(out).toEqual({ savedAs: 'shot.png', copied: true, bytes: png.byteLength });
    expect(fs.readFileSync(path.join(dir, 'shot.png'))).toEqual(Buffer.from(png));
    expect(p.copied).toHaveLength(1);
    expect(p.offered).toEqual(['dirsync-doctor-CASE-42-20261206-150405.png']);
    expect(screenshotFileName('X', new Date('2026-01-02T03:04:05.999Z'))).toBe('dirsync-doctor-X-20260102-030405.png');
  });

  it('a cancelled save dialog writes nothing; no port refuses in words', async () => {
    const out = await createHomeHandlers(deps({ screenshot: port(null) }))['screenshot:save']({ caseId: 'C1' }, signal);
    expect(out.savedAs).toBeNull();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.png'))).toEqual([]);
    await expect(createHomeHandlers(deps())['screenshot:save']({ caseId: 'C1' }, signal)).rejects.toThrow(/cannot be taken here/);
  });
});
