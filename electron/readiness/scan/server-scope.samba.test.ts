// A readiness scan scoped "as the sync server filters", against the Samba lab DC: the lab host
// simulating a Connect server with an OU inclusion list, an exclusion inside it and an inclusion
// again inside that, and a scan by that scope reads exactly the objects of the synced OUs (checked
// against an independent LDAP search of each OU). The CLI's --connect-scope does the same from
// the connect-ou-filtered scenario, names the OUs on stderr, and a DirSync server is exit 3.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scopeFromOuFiltering } from '../../../shared/domain/ou-filtering';
import type { ScanFinding } from '../../../shared/readiness/scan/finding';
import { labDcConnection } from '../../../tests/setup/lab-dc';
import { EXIT, runCli } from '../../cli/main';
import { createLabDirectoryAdmin, type LabDirectoryAdmin } from '../../directory/lab-directory-admin';
import { LdapDirectory } from '../../directory/ldap-directory';
import { LabHost } from '../../lab/lab-host';
import { loadScenarioFile, parseScenario } from '../../lab/scenario';
import { DirectoryError } from '../../ports/errors';
import { runScan } from './scanner';

const lab = inject('labDc');
const tag = randomBytes(2).toString('hex');
const scenarioFile = path.join(import.meta.dirname, '..', '..', '..', 'assets', 'scenarios', 'connect-ou-filtered.json');

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { DSD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-scope-')) },
    labDc: lab ? labDcConnection(lab) : undefined,
  });
  return { code, stdout, stderr };
}

/** Every OU of a relative path ("OU=a,OU=b"), outermost first; ones already there are fine. */
async function ensureOus(admin: LabDirectoryAdmin, relative: string, baseDn: string): Promise<string> {
  let parent = baseDn;
  for (const part of relative.split(',').reverse()) {
    try {
      await admin.createOrganizationalUnit(part.slice(3), parent);
    } catch (e) {
      if (!(e instanceof DirectoryError && e.code === 'constraint')) throw e;
    }
    parent = `${part},${parent}`;
  }
  return parent;
}

(lab ? describe : describe.skip)("scan scoped by the sync server's OU filtering (Samba lab DC)", () => {
  let dir: LdapDirectory;
  let admin: LabDirectoryAdmin;
  let baseDn: string;
  const created: string[] = [];
  const root = `ScopeTest${tag}`;

  /** A user with a .local UPN (a topleveldomain finding), so each object read shows in the findings. */
  async function user(name: string, parentDn: string): Promise<string> {
    const sam = `${name}-${tag}`.slice(0, 20);
    const { dn } = await admin.createUser({
      sAMAccountName: sam,
      parentDn,
      userPrincipalName: `${sam}@corp-${tag}.local`,
      password: `Pw-${randomBytes(8).toString('hex')}-9a!`,
    });
    created.push(dn);
    return dn;
  }

  /** The DNs of persons and groups directly in `ou` (an independent read, not the scanner's). */
  async function objectsIn(ou: string): Promise<string[]> {
    return dir.withClient('list', async (c) =>
      (await c.search(ou, { scope: 'one', filter: '(|(objectCategory=Person)(objectCategory=Group))', attributes: ['1.1'] })).searchEntries.map((e) =>
        e.dn.toLowerCase(),
      ),
    );
  }

  beforeAll(async () => {
    dir = await LdapDirectory.connect({
      url: lab!.url,
      bindDn: lab!.bindDn,
      password: fs.readFileSync(lab!.passwordFile, 'utf8'),
      caFile: lab!.caFile,
      serverName: lab!.serverName,
    });
    admin = createLabDirectoryAdmin(dir);
    baseDn = (await dir.info()).baseDn;
  }, 60_000);

  afterAll(async () => {
    for (const dn of created.reverse()) await admin?.deleteObject(dn).catch(() => {});
    await admin?.deleteTree(`OU=${root},${baseDn}`).catch(() => {});
    await dir?.close();
  });

  it('reads exactly the objects of the included OUs: an excluded OU left out, an OU included inside it read again, nothing outside', async () => {
    const synced = await ensureOus(admin, `OU=Synced,OU=${root}`, baseDn);
    const leavers = await ensureOus(admin, `OU=Leavers,OU=Synced,OU=${root}`, baseDn);
    const returning = await ensureOus(admin, `OU=Returning,OU=Leavers,OU=Synced,OU=${root}`, baseDn);
    const outside = `OU=${root},${baseDn}`;
    const inScope = [await user('in-a', synced), await user('in-b', synced), await user('back', returning)];
    const outOfScope = [await user('gone', leavers), await user('root', outside)];

    const scenario = parseScenario(
      JSON.stringify({
        ...JSON.parse(fs.readFileSync(scenarioFile, 'utf8')),
        connectors: {
          ad: {
            ouFiltering: {
              inclusions: [`OU=Synced,OU=${root}`, `OU=Returning,OU=Leavers,OU=Synced,OU=${root}`],
              exclusions: [`OU=Leavers,OU=Synced,OU=${root}`],
            },
          },
        },
      }),
      'scope-test.json',
    );
    const host = new LabHost({ scenario, directory: dir, servicePasswords: new Map() });
    const scope = scopeFromOuFiltering(await host.connectorOuFiltering(), baseDn);
    expect(scope).toMatchObject({ ok: true, baseDns: [synced, returning], excludeDns: [leavers] });
    if (!scope.ok) return;

    const findings: ScanFinding[] = [];
    const summary = await runScan(dir, { baseDns: scope.baseDns, excludeDns: scope.excludeDns, onFinding: (f) => findings.push(f) });
    const expected = [...(await objectsIn(synced)), ...(await objectsIn(returning))].sort();
    expect(expected).toEqual(inScope.map((d) => d.toLowerCase()).sort());
    expect(summary.objectsInScope).toBe(expected.length);
    expect([...new Set(findings.map((f) => f.dn.toLowerCase()))].sort()).toEqual(expected);
    for (const dn of outOfScope) expect(findings.some((f) => f.dn.toLowerCase() === dn.toLowerCase())).toBe(false);
  }, 120_000);

  it("CLI --lab --connect-scope: the connect-ou-filtered server's OUs, named on stderr; only their objects on stdout", async () => {
    const scenario = await loadScenarioFile(scenarioFile);
    const [syncedRel, returningRel] = scenario.connectors.ad.ouFiltering!.inclusions;
    const [leaversRel] = scenario.connectors.ad.ouFiltering!.exclusions;
    const synced = await ensureOus(admin, syncedRel!, baseDn);
    const leavers = await ensureOus(admin, leaversRel!, baseDn);
    const returning = await ensureOus(admin, returningRel!, baseDn);
    const inScope = [await user('cli-in', synced), await user('cli-back', returning)];
    const outOfScope = [await user('cli-gone', leavers)];

    const r = await cli(['scan', '--lab', '--connect-scope', '--format', 'jsonl']);
    expect(r.code, r.stderr).toBe(EXIT.attention);
    expect(r.stderr).toContain(
      `scan: scope from the sync server: the OU filtering of the AD connector lab.example.com, partition ${baseDn}: 2 included (${synced}; ${returning}), 1 excluded (${leavers})`,
    );
    const dns = new Set(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { dn: string }).dn.toLowerCase()),
    );
    const expected = [...(await objectsIn(synced)), ...(await objectsIn(returning))];
    expect([...dns].sort()).toEqual(expected.sort());
    for (const dn of inScope) expect(dns.has(dn.toLowerCase())).toBe(true);
    for (const dn of outOfScope) expect(dns.has(dn.toLowerCase())).toBe(false);
  }, 120_000);

  it('CLI --connect-scope on a DirSync server: exit 3 with the reason and what to do instead, nothing on stdout', async () => {
    const r = await cli(['scan', '--lab', '--connect-scope', '--lab-scenario', 'dirsync-64bit-small', '--format', 'jsonl']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toMatch(
      /OU filtering cannot be used: DirSync keeps its OU filtering .* not readable on this tool\. Choose the OUs with --ou \/ --exclude-ou/,
    );
    expect(r.stdout).toBe('');
  }, 60_000);
});
