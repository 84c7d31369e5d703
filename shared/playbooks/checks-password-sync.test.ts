// Password hash sync (issue 17): the feature, a heartbeat (654) per AD connector, the failures
// (611/652/655), staging mode turning it off, no self-healing since 2.6.84.0, and a full password
// sync offered only where the server allows it.
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../domain/host';
import { checkPasswordHashSync, silentConnectors } from './checks-password-sync';
import { FIXES } from './fixes';
import type { PasswordHashSyncProbe } from './probes';

const NOW = '2026-12-06T12:00:00.000Z';
const at = (minutesAgo: number) => new Date(Date.parse(NOW) - minutesAgo * 60_000).toISOString();
const event = (id: number, minutesAgo: number, message: string): EventRecord => ({
  log: 'Application',
  source: 'Directory Synchronization',
  id,
  level: id === 654 ? 'information' : 'error',
  timeCreated: at(minutesAgo),
  message,
});
const beat = (connector: string, minutesAgo: number) => event(654, minutesAgo, `Password synchronization ping completed for ${connector}.`);

function probe(over: Partial<PasswordHashSyncProbe> = {}): PasswordHashSyncProbe {
  return {
    generation: 'entra-connect',
    state: { available: true, enabled: true, adConnectors: ['corp.contoso.com', 'emea.contoso.com'], problem: null },
    stagingMode: false,
    engineRunning: true,
    version: '2.6.92.0',
    heartbeats: [beat('corp.contoso.com', 20), beat('emea.contoso.com', 25)],
    failures: [],
    now: NOW,
    ...over,
  };
}
const plan = (o: PasswordHashSyncProbe) => FIXES['full-password-sync'].plan(o as never);

describe('password hash sync', () => {
  it('passes with a heartbeat within 3 hours for every AD connector', () => {
    expect(checkPasswordHashSync(probe()).status).toBe('pass');
  });

  it('judges each AD connector by its own heartbeat', () => {
    const o = probe({ heartbeats: [beat('corp.contoso.com', 20), beat('emea.contoso.com', 200)] });
    expect(silentConnectors(o)).toEqual(['emea.contoso.com']);
    const r = checkPasswordHashSync(o);
    expect(r).toMatchObject({ status: 'fail', cause: 'password-hash-sync-stalled' });
    expect(r.summary).toContain('emea.contoso.com');
    expect(r.summary).not.toContain('corp.contoso.com');
  });

  it('says that since 2.6.84.0 it no longer restarts itself, and not for older builds', () => {
    const silent = { heartbeats: [] as EventRecord[] };
    expect(checkPasswordHashSync(probe({ ...silent, version: '2.6.84.0' })).summary).toMatch(/no longer restarts itself/);
    expect(checkPasswordHashSync(probe({ ...silent, version: '2.5.190.0' })).summary).not.toMatch(/no longer restarts itself/);
  });

  it('warns on 611/652/655 newer than the heartbeat', () => {
    const r = checkPasswordHashSync(probe({ failures: [event(652, 5, 'Password synchronization error for corp.contoso.com.')] }));
    expect(r).toMatchObject({ status: 'warn', cause: 'password-hash-sync-errors' });
    expect(checkPasswordHashSync(probe({ failures: [event(611, 600, 'old')] })).status).toBe('pass');
  });

  it('explains staging mode (it turns password hash sync off here) and offers nothing there', () => {
    const o = probe({ stagingMode: true, heartbeats: [] });
    const r = checkPasswordHashSync(o);
    expect(r.status).toBe('not-applicable');
    expect(r.summary).toMatch(/staging mode/);
    expect(plan(o)).toBeNull();
  });

  it('is not applicable when it is off for the tenant, unknown when unreadable', () => {
    expect(checkPasswordHashSync(probe({ state: { available: true, enabled: false, adConnectors: [], problem: null } })).status).toBe('not-applicable');
    expect(checkPasswordHashSync(probe({ state: { available: true, enabled: null, adConnectors: [], problem: 'the service is stopped' } })).status).toBe(
      'unknown',
    );
    expect(checkPasswordHashSync(probe({ generation: 'dirsync' })).status).toBe('not-applicable');
  });

  it('plans a full password sync for the silent connectors only, saying what it does, and only while the engine runs', () => {
    const o = probe({ heartbeats: [beat('corp.contoso.com', 20)] });
    const p = plan(o)!;
    expect(p.actionId).toBe('password-sync.full');
    expect(p.args).toEqual({ adConnectors: ['emea.contoso.com'] });
    expect(p.changes).toHaveLength(1);
    expect(p.warnings!.join(' ')).toMatch(/No password is changed/);
    expect(plan({ ...o, engineRunning: false })).toBeNull();
    expect(plan(probe())).toBeNull();
  });
});
