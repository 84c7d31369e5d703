import { describe, expect, it } from 'vitest';
import { SYNC_TOOLS } from './sync-tools';
import { compareVersions, evaluateSyncToolVersion, VERSION_FLOORS } from './version-floors';

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
