import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedProgress } from '../../shared/playbooks/progress';
import { ProgressStore } from './progress-store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-progress-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const saved: SavedProgress = {
  version: 1,
  playbookId: 'kb2882421',
  selectedStepId: 'm1-s2-sync-service-running',
  savedAt: '2026-11-22T03:00:00.000Z',
  steps: { 'm1-s2-sync-service-running': { phase: 'verified', verdict: { status: 'pass', summary: 'running', evidence: [], checkedAt: '2026-11-22T03:00:00.000Z' } } },
};

describe('ProgressStore', () => {
  it('saves and loads a playbook\'s progress across store instances (an app restart)', () => {
    new ProgressStore(dir).save(saved);
    expect(new ProgressStore(dir).load('kb2882421')).toEqual({ progress: saved, problem: null });
    expect(new ProgressStore(dir).load('other')).toEqual({ progress: null, problem: null });
  });

  it('a corrupt or foreign file is reported in words and ignored, not thrown', () => {
    const store = new ProgressStore(dir);
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(path.join(store.dir, 'kb2882421.json'), '{"version":1,');
    const broken = store.load('kb2882421');
    expect(broken.progress).toBeNull();
    expect(broken.problem).toMatch(/not valid JSON/);
    fs.writeFileSync(path.join(store.dir, 'kb2882421.json'), JSON.stringify({ ...saved, steps: { x: { phase: 'nonsense', verdict: null } } }));
    expect(store.load('kb2882421').problem).toMatch(/steps/);
    fs.writeFileSync(path.join(store.dir, 'kb2882421.json'), JSON.stringify({ ...saved, playbookId: 'other' }));
    expect(store.load('kb2882421').problem).toMatch(/belongs to playbook "other"/);
  });

  it('refuses to save anything outside the schema and ids that are not plain', () => {
    const store = new ProgressStore(dir);
    expect(() => store.save({ ...saved, secret: 'Hunter2-Hunter2!' } as SavedProgress)).toThrow();
    expect(() => store.load('../etc/passwd')).toThrow(RangeError);
    expect(fs.existsSync(path.join(store.dir, 'kb2882421.json'))).toBe(false);
  });
});
