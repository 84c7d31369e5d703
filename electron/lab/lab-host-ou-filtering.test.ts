// The lab host answers the sync server's OU filtering as the Windows host's script would, for
// every shipped scenario: Connect and AADSync read it from the scenario (default: the whole
// domain), DirSync never (not readable on that tool), no tool says so; every answer passes the
// same schema the Windows host's output is checked against.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectorOuFiltering } from '../../shared/domain/host';
import { createAppSession } from '../app/session';
import { MemoryDirectory } from '../directory/memory-directory';
import { LabHost } from './lab-host';
import { loadScenarioDir, parseScenario } from './scenario';

const scenarioDir = path.join(import.meta.dirname, '..', '..', 'assets', 'scenarios');

async function sessionFor(scenarioId: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-oufilter-'));
  return createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
}

describe('LabHost.connectorOuFiltering', () => {
  it('answers every scenario by its tool, within the schema', async () => {
    const scenarios = await loadScenarioDir(scenarioDir);
    expect(scenarios.length).toBeGreaterThan(20);
    const tools = new Set<string>();
    for (const scenario of scenarios) {
      const session = await sessionFor(scenario.id);
      const { host, directory } = session.ports();
      const answer = await host.connectorOuFiltering();
      expect(ConnectorOuFiltering.safeParse(answer).success, scenario.id).toBe(true);
      const generation = (await host.syncTool()).generation;
      tools.add(generation);
      if (generation === 'dirsync') {
        expect(answer, scenario.id).toMatchObject({ source: null, tool: 'dirsync', problem: { code: 'not-readable-on-tool' } });
      } else if (generation === 'none') {
        expect(answer, scenario.id).toMatchObject({ source: null, tool: 'none', problem: { code: 'no-sync-tool' } });
      } else {
        const { baseDn } = await directory!.info();
        expect(answer.source, scenario.id).toBe('adsync-connector');
        expect(
          answer.partitions.map((p) => p.dn),
          scenario.id,
        ).toEqual([baseDn]);
        if (!scenario.connectors.ad.ouFiltering)
          expect(answer.partitions[0], scenario.id).toMatchObject({ selected: true, inclusions: [baseDn], exclusions: [] });
      }
    }
    // The shipped scenarios cover all three answers.
    expect([...tools].sort()).toEqual(expect.arrayContaining(['dirsync', 'entra-connect', 'none']));
  }, 120_000);

  it("connect-ou-filtered: the connector's inclusions and exclusions as DNs in the lab's domain", async () => {
    const session = await sessionFor('connect-ou-filtered');
    const { host, directory } = session.ports();
    const { baseDn } = await directory!.info();
    expect(await host.connectorOuFiltering()).toEqual({
      source: 'adsync-connector',
      tool: 'adsync',
      partitions: [
        {
          connector: 'lab.example.com',
          dn: baseDn,
          name: 'lab.example.com',
          selected: true,
          inclusions: [`OU=Synced,OU=DsdScope,${baseDn}`, `OU=Returning,OU=Leavers,OU=Synced,OU=DsdScope,${baseDn}`],
          exclusions: [`OU=Leavers,OU=Synced,OU=DsdScope,${baseDn}`],
        },
      ],
      problem: null,
    });
  });
});

describe('LabHost.connectorOuFiltering from a scenario field', () => {
  const healthy = fs.readFileSync(path.join(scenarioDir, 'healthy-entra-connect.json'), 'utf8');
  const hostWith = (ouFiltering: unknown) => {
    const scenario = parseScenario(JSON.stringify({ ...JSON.parse(healthy), connectors: { ad: { ouFiltering } } }), 'x.json');
    return new LabHost({ scenario, directory: new MemoryDirectory({ domain: 'lab.example.com' }), servicePasswords: new Map() });
  };

  it('a build shaped otherwise answers unexpected-shape with the reason the scenario gives', async () => {
    expect(await hostWith({ unreadable: 'The partition has no ConnectorPartitionScope property on this build.' }).connectorOuFiltering()).toEqual({
      source: null,
      tool: 'adsync',
      partitions: [],
      problem: { code: 'unexpected-shape', message: 'The partition has no ConnectorPartitionScope property on this build.' },
    });
  });

  it('the whole domain with OUs carved out, and a partition that is not selected', async () => {
    const carved = await hostWith({ wholeDomain: true, exclusions: ['OU=Servers'] }).connectorOuFiltering();
    expect(carved.partitions[0]).toMatchObject({
      selected: true,
      inclusions: ['DC=lab,DC=example,DC=com'],
      exclusions: ['OU=Servers,DC=lab,DC=example,DC=com'],
    });
    const off = await hostWith({ selected: false, wholeDomain: true }).connectorOuFiltering();
    expect(off.partitions[0]?.selected).toBe(false);
  });
});
