import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedProgress } from '../../shared/playbooks/progress';
import { InstallKey } from '../audit/install-key';
import { ProgressStore } from './progress-store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-progress-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const here = () => 'lab:sync-service-stopped';
const key = () => new InstallKey(path.join(dir, 'keys', 'install.key'));
/** A file as someone holding the key would write it (for the checks after the seal's). */
const writeSealed = (file: string, text: string) => fs.writeFileSync(file, key().seal(Buffer.from(text)));

const saved: SavedProgress = {
  version: 1,
  playbookId: 'kb2882421',
  selectedStepId: 'm1-s2-sync-service-running',
  savedAt: '2026-11-22T03:00:00.000Z',
  steps: {
    'm1-s2-sync-service-running': { phase: 'verified', verdict: { status: 'pass', summary: 'running', evidence: [], checkedAt: '2026-11-22T03:00:00.000Z' } },
  },
};

describe('ProgressStore', () => {
  it("saves and loads a playbook's progress across store instances (an app restart)", () => {
    new ProgressStore(dir, here, key()).save(saved);
    expect(new ProgressStore(dir, here, key()).load('kb2882421')).toEqual({ progress: { ...saved, server: 'lab:sync-service-stopped' }, problem: null });
    expect(new ProgressStore(dir, here, key()).load('other')).toEqual({ progress: null, problem: null });
  });

  it('a corrupt or foreign file is reported in words and ignored, not thrown', () => {
    const store = new ProgressStore(dir, here, key());
    fs.mkdirSync(store.dir, { recursive: true });
    writeSealed(path.join(store.dir, 'kb2882421.json'), '{"version":1,');
    const broken = store.load('kb2882421');
    expect(broken.progress).toBeNull();
    expect(broken.problem).toMatch(/not valid JSON/);
    writeSealed(path.join(store.dir, 'kb2882421.json'), JSON.stringify({ ...saved, steps: { x: { phase: 'nonsense', verdict: null } } }));
    expect(store.load('kb2882421').problem).toMatch(/steps/);
    writeSealed(path.join(store.dir, 'kb2882421.json'), JSON.stringify({ ...saved, playbookId: 'other' }));
    expect(store.load('kb2882421').problem).toMatch(/belongs to playbook "other"/);
  });

  it('refuses to save anything outside the schema and ids that are not plain', () => {
    const store = new ProgressStore(dir, here, key());
    expect(() => store.save({ ...saved, secret: 'Hunter2-Hunter2!' } as SavedProgress)).toThrow();
    expect(() => store.load('../etc/passwd')).toThrow(RangeError);
    expect(fs.existsSync(path.join(store.dir, 'kb2882421.json'))).toBe(false);
  });

  it('progress saved on another server (another scenario) or without a server is not restored', () => {
    let server = 'lab:sync-service-stopped';
    const store = new ProgressStore(dir, () => server, key());
    store.save(saved);
    server = 'lab:healthy-entra-connect';
    expect(store.load('kb2882421')).toEqual({ progress: null, problem: null });
    server = 'lab:sync-service-stopped';
    expect(store.load('kb2882421').progress?.steps).toEqual(saved.steps);
    // A file from before saves named their server.
    writeSealed(path.join(store.dir, 'kb2882421.json'), JSON.stringify(saved));
    expect(store.load('kb2882421')).toEqual({ progress: null, problem: null });
  });

  it('a progress file changed outside the app, or not sealed, or sealed by another installation, is ignored and named', () => {
    const store = new ProgressStore(dir, here, key());
    store.save(saved);
    const file = path.join(store.dir, 'kb2882421.json');
    const original = fs.readFileSync(file);
    // A step marked verified by hand, the old seal kept.
    const text = original.toString('utf8');
    const forged = text.replace('"phase":"verified"', '"phase":"verified" ');
    fs.writeFileSync(file, forged);
    expect(store.load('kb2882421')).toEqual({
      progress: null,
      problem: `The saved progress (${file}) was changed since this installation of DirSync Doctor saved it (its seal does not match), so it is not used. Starting from the first step.`,
    });
    fs.writeFileSync(file, JSON.stringify({ ...saved, server: here() }));
    expect(store.load('kb2882421').problem).toMatch(/is not sealed by DirSync Doctor \(no seal at its end\)/);
    fs.writeFileSync(file, new InstallKey(path.join(dir, 'other', 'install.key')).seal(Buffer.from(JSON.stringify({ ...saved, server: here() }))));
    expect(store.load('kb2882421').problem).toMatch(/its seal does not match/);
    fs.writeFileSync(file, original);
    expect(store.load('kb2882421').progress?.steps).toEqual(saved.steps);
  });

  it("clearAll forgets every playbook's progress", () => {
    const store = new ProgressStore(dir, here, key());
    store.save(saved);
    store.save({ ...saved, playbookId: 'dirsync-upgrade' });
    store.clearAll();
    expect(store.load('kb2882421').progress).toBeNull();
    expect(store.load('dirsync-upgrade').progress).toBeNull();
    store.clearAll(); // nothing left: no error
  });

  it('writes the progress file for the owner only', () => {
    const store = new ProgressStore(dir, here, key());
    store.save(saved);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(store.dir, 'kb2882421.json')).mode & 0o777).toBe(0o600);
  });
});
