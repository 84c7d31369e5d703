import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioDir, parseScenario, ScenarioError } from './scenario';

const dir = path.resolve('assets/scenarios');
const healthy = fs.readFileSync(path.join(dir, 'healthy-entra-connect.json'), 'utf8');

describe('scenario files', () => {
  it('every shipped scenario validates and is named after its id', async () => {
    const all = await loadScenarioDir(dir);
    expect(all.map((s) => s.id)).toEqual(expect.arrayContaining([
      'healthy-entra-connect', 'sync-service-stopped', 'service-account-disabled', 'service-account-password-expired',
      'service-account-stale-password', 'service-account-deleted', 'dirsync-32bit-event-109', 'dirsync-32bit-event-0',
      'adfs-on-sync-server', 'sync-run-in-progress',
    ]));
  });

  it('a bad file gets an error naming the field', () => {
    const bad = JSON.parse(healthy);
    bad.services[0].state = 'sleeping';
    expect(() => parseScenario(JSON.stringify(bad), 'x.json')).toThrow(/x\.json: services\.0\.state/);
    const unknownField = { ...JSON.parse(healthy), colour: 'blue' };
    expect(() => parseScenario(JSON.stringify(unknownField), 'y.json')).toThrow(/colour/);
    const dangling = JSON.parse(healthy);
    dangling.services[0].logon.sAMAccountName = 'nobody';
    expect(() => parseScenario(JSON.stringify(dangling), 'z.json')).toThrow(/services\.0\.logon\.sAMAccountName: no account "nobody"/);
    expect(() => parseScenario('{ not json', 'w.json')).toThrow(ScenarioError);
    const badSam = JSON.parse(healthy);
    badSam.accounts[0].sAMAccountName = 'x'.repeat(21);
    expect(() => parseScenario(JSON.stringify(badSam), 'v.json')).toThrow(/accounts\.0\.sAMAccountName/);
  });
});
