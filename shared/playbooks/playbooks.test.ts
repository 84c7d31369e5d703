import { describe, expect, it } from 'vitest';
import { CHECKS } from './checks';
import { FIXES } from './fixes';
import { PLAYBOOKS } from './index';
import { KB } from './kb-articles';
import { KbCitation } from './types';
import type { SyncServiceProbe } from './probes';

const probe = (state: 'running' | 'stopped' | null): SyncServiceProbe => ({
  generation: 'entra-connect',
  expected: { name: 'ADSync', displayName: 'Microsoft Azure AD Sync' },
  service: state && { name: 'ADSync', displayName: 'Microsoft Azure AD Sync', state, startType: 'automatic', logonAccount: 'LAB\\svc', processId: null },
  logonFailures: [],
});

describe('playbooks as data', () => {
  it('every step cites an article in the KB kit and names a known probe, check and fix', () => {
    const files = new Set<string>(Object.values(KB).map((a) => a.file));
    for (const p of PLAYBOOKS) {
      for (const s of p.steps) {
        expect(KbCitation.safeParse(s.cite).success).toBe(true);
        expect(files.has(s.cite.file)).toBe(true);
        expect(s.cite.method && s.cite.step).toBeTruthy();
        expect(CHECKS[s.check].probe).toBe(s.probe);
        if (s.fix) expect(FIXES[s.fix].probe).toBe(s.probe);
      }
      expect(new Set(p.steps.map((s) => s.id)).size).toBe(p.steps.length);
    }
  });

  it('sync-service-running passes only when the service runs', () => {
    expect(CHECKS['sync-service-running'].run(probe('running')).status).toBe('pass');
    expect(CHECKS['sync-service-running'].run(probe('stopped')).status).toBe('fail');
    expect(CHECKS['sync-service-running'].run(probe(null)).status).toBe('fail');
    expect(CHECKS['sync-service-running'].run({ ...probe(null), generation: 'none', expected: null }).status).toBe('not-applicable');
  });

  it('start-sync-service plans exactly one change, and nothing for a running service', () => {
    const plan = FIXES['start-sync-service'].plan(probe('stopped'));
    expect(plan?.changes).toEqual([{ target: 'Service ADSync (Microsoft Azure AD Sync)', property: 'state', from: 'stopped', to: 'running' }]);
    expect(plan?.args).toEqual({ service: 'ADSync' });
    expect(FIXES['start-sync-service'].plan(probe('running'))).toBeNull();
    expect(FIXES['start-sync-service'].plan(probe(null))).toBeNull();
  });
});
