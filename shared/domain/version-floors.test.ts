import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SYNC_TOOLS } from './sync-tools';
import {
  APP_AUTH_HARD_STOP,
  appAuthRequired,
  compareVersions,
  CONNECT_BUILDS,
  connectBuildSupport,
  evaluateSyncToolVersion,
  LATEST_CONNECT_BUILD,
  VERSION_FLOORS,
} from './version-floors';

const on = (day: string) => new Date(`${day}T12:00:00Z`);

describe('version floors', () => {
  it('every row has a source, a source date and a valid day', () => {
    for (const f of VERSION_FLOORS) {
      expect(f.source.length).toBeGreaterThan(10);
      expect(f.sourceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(f.from))).toBe(false);
      if (f.below !== null) expect(compareVersions(f.below, '0')).toBe(1);
    }
  });

  it('compares dotted versions numerically, not as text', () => {
    expect(compareVersions('2.10.0.0', '2.9.0.0')).toBe(1);
    expect(compareVersions('2.5.79.0', '2.5.79')).toBe(0);
    expect(compareVersions('6862.0000', '1.0.7020.0')).toBe(1);
    expect(compareVersions('2.x', '2.0')).toBeNull();
  });

  it.each([
    ['2.4.18.0', '2026-09-30', 'supported'],
    ['2.4.18.0', '2026-10-01', 'retired'],
    ['2.5.79.0', '2026-10-22', 'supported'],
    ['2.5.79.0', '2026-10-23', 'unsupported'],
    ['2.6.84.0', '2026-11-22', 'supported'],
    ['1.6.16.0', '2023-09-30', 'supported'],
    ['1.6.16.0', '2023-10-01', 'retired'],
    ['2.3.20.0', '2025-06-01', 'supported'],
    [null, '2026-11-22', 'unknown'],
    ['garbled', '2026-11-22', 'unknown'],
  ] as const)('Entra Connect %s on %s is %s', (version, day, status) => {
    expect(evaluateSyncToolVersion('entra-connect', version, on(day)).status).toBe(status);
  });

  it('a wizard sign-in floor alone does not make a build unsupported, but is listed', () => {
    const v = evaluateSyncToolVersion('entra-connect', '2.3.20.0', on('2025-06-01'));
    expect(v.status).toBe('supported');
    expect(v.floors.map((f) => f.consequence)).toEqual(['wizard-sign-in-fails']);
  });

  it('lists the worst floor first for a 1.x build today', () => {
    const v = evaluateSyncToolVersion('entra-connect', '1.6.16.0', on('2026-11-22'));
    expect(v.floors[0]!.consequence).toBe('sync-stops');
    expect(v.floors.length).toBeGreaterThanOrEqual(3);
  });

  it('DirSync and AADSync are retired whatever the version; no tool is unknown', () => {
    expect(evaluateSyncToolVersion('dirsync', '1.0.7020.0', on('2026-11-22')).status).toBe('retired');
    expect(evaluateSyncToolVersion('aadsync', null, on('2026-11-22')).status).toBe('retired');
    expect(evaluateSyncToolVersion('none', null, on('2026-11-22')).status).toBe('unknown');
  });

  it.each([
    // Supported into 2027 (a build retires 12 months after its successor ships): not "may stop at any time".
    ['2.5.190.0', '2026-12-06', 'supported'],
    ['2.5.190.0', '2027-02-02', 'unsupported'],
    ['2.6.1.0', '2026-12-06', 'supported'],
    ['2.6.1.0', '2027-03-10', 'unsupported'],
    ['2.6.3.0', '2026-12-06', 'supported'],
    // The hard stop: below 2.6.84.0 sync stops on 7 April 2027, even inside its support window.
    ['2.6.3.0', '2027-04-06', 'supported'],
    ['2.6.3.0', '2027-04-07', 'retired'],
    ['2.6.84.0', '2027-04-07', 'supported'],
    ['2.6.92.0', '2027-06-01', 'supported'],
    // Recalled: uninstall and reinstall.
    ['2.6.79.0', '2026-12-06', 'unsupported'],
  ] as const)('December 2026 build table: %s on %s is %s', (version, day, status) => {
    expect(evaluateSyncToolVersion('entra-connect', version, on(day)).status).toBe(status);
  });

  it('names the coming hard stop for builds below 2.6.84.0, and none from 2.6.84.0', () => {
    const v = evaluateSyncToolVersion('entra-connect', '2.6.3.0', on('2026-12-06'));
    expect(v.upcoming.map((f) => [f.from, f.below])).toEqual([['2027-04-07', '2.6.84.0']]);
    expect(v.build?.summary).toMatch(/7 July 2027/);
    expect(evaluateSyncToolVersion('entra-connect', '2.6.84.0', on('2026-12-06')).upcoming).toEqual([]);
  });

  it('the recalled 2.6.79.0 says to reinstall the latest build', () => {
    const v = evaluateSyncToolVersion('entra-connect', '2.6.79.0', on('2026-12-06'));
    expect(v.build?.status).toBe('recalled');
    expect(v.build?.summary).toContain(LATEST_CONNECT_BUILD);
  });

  it('an unlisted build is supported at most 12 months after the next listed build shipped', () => {
    expect(connectBuildSupport('2.6.50.0', on('2026-12-06'))).toMatchObject({ status: 'supported', endsOn: '2027-07-07' });
    expect(connectBuildSupport('2.6.50.0', on('2027-07-07'))).toMatchObject({ status: 'ended' });
    expect(connectBuildSupport('2.7.1.0', on('2027-07-07')).status).toBe('supported');
  });

  it('every build row is dated, ordered, cites a public page, and 2.6.92.0 is the latest', () => {
    expect(LATEST_CONNECT_BUILD).toBe('2.6.92.0');
    for (let i = 0; i < CONNECT_BUILDS.length; i++) {
      const b = CONNECT_BUILDS[i]!;
      expect(b.source).toMatch(/https:\/\/learn\.microsoft\.com\//);
      expect(b.sourceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (i > 0) expect(compareVersions(b.version, CONNECT_BUILDS[i - 1]!.version)).toBe(1);
      if (b.released && b.supportEnds) expect(b.supportEnds > b.released).toBe(true);
    }
    for (const f of VERSION_FLOORS) expect(f.source).toMatch(/https:\/\/learn\.microsoft\.com\//);
  });

  it('application-based authentication is required from 7 April 2027', () => {
    expect(APP_AUTH_HARD_STOP.from).toBe('2027-04-07');
    expect(appAuthRequired(on('2027-04-06'))).toBe(false);
    expect(appAuthRequired(on('2027-04-07'))).toBe(true);
  });

  it('no build at or above 2.6.84.0 is retired or awaits a stop before 2027-09-16 (property)', () => {
    const version = fc.tuple(fc.integer({ min: 84, max: 400 }), fc.integer({ min: 0, max: 9 })).map(([b, r]) => `2.6.${b}.${r}`);
    const day = fc.integer({ min: Date.parse('2026-10-01'), max: Date.parse('2027-09-15') }).map((t) => new Date(t));
    fc.assert(
      fc.property(version, day, (v, d) => {
        const verdict = evaluateSyncToolVersion('entra-connect', v, d);
        return verdict.status !== 'retired' && verdict.upcoming.length === 0;
      }),
    );
  });

  it('takes other floors as data', () => {
    const floors = [{ ...VERSION_FLOORS[4]!, below: '3.0.0.0', from: '2027-01-01' }];
    expect(evaluateSyncToolVersion('entra-connect', '2.6.84.0', on('2026-12-31'), floors).status).toBe('supported');
    expect(evaluateSyncToolVersion('entra-connect', '2.6.84.0', on('2027-01-01'), floors).status).toBe('retired');
  });
});

describe('sync tool profiles (notes disagreements 7-10)', () => {
  it('Entra Connect lists the Health and Agent Updater services as optional, matched by key', () => {
    const connect = SYNC_TOOLS.find((t) => t.generation === 'entra-connect')!;
    expect(connect.services.map((s) => [s.name, s.optional])).toEqual([
      ['ADSync', false],
      ['AzureADConnectHealthSyncInsights', true],
      ['AzureADConnectHealthSyncMonitor', true],
      ['AzureADConnectAgentUpdater', true],
    ]);
    // The product's own entry comes before its companions' prefix.
    expect(connect.programNames.indexOf('Microsoft Entra Connect Sync')).toBeLessThan(connect.programNames.indexOf('Microsoft Entra Connect'));
  });

  it('DirSync SQL names are marked as guesses', () => {
    const sql = SYNC_TOOLS.find((t) => t.generation === 'dirsync')!.services.filter((s) => s.role === 'database');
    for (const s of sql) {
      expect(s.optional).toBe(true);
      expect(s.source).toMatch(/GUESS/);
    }
  });
});
