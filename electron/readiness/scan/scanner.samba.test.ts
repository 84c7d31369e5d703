// The readiness scan against the Samba lab DC: a small planted directory (scripts/scan-seed-plan.ts,
// every rule and IdFix defect case that AD's schema lets exist, clean look-alikes and skipped system
// objects) is seeded into its own OU; the engine and the CLI must report exactly the manifest, and
// a re-scan after changes must report exactly those changes.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsvRecords } from '../../../shared/domain/csv';
import { SCAN_CSV_COLUMNS, type ScanFinding } from '../../../shared/readiness/scan/finding';
import { compareWithManifest } from '../../../scripts/scan-seed-check';
import { addPlannedObjects, planSeed, type SeedPlan } from '../../../scripts/scan-seed-plan';
import { labDcConnection } from '../../../tests/setup/lab-dc';
import { EXIT, runCli } from '../../cli/main';
import { createLabDirectoryAdmin, type LabDirectoryAdmin } from '../../directory/lab-directory-admin';
import { LdapDirectory } from '../../directory/ldap-directory';
import { DirectoryError } from '../../ports/errors';
import { loadCurrentScanState as loadScanState, saveScanState } from './scan-state';
import { InstallKey } from '../../audit/install-key';
import { runScan, type ScanProgress } from './scanner';

const lab = inject('labDc');
const tag = randomBytes(2).toString('hex');

// One data folder for the file: the saved states are sealed with its install key.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-scan-'));
const stateKey = InstallKey.besideAudit(path.join(dataDir, 'audit'));

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { DSD_DATA_DIR: dataDir },
    labDc: lab ? labDcConnection(lab) : undefined,
  });
  return { code, stdout, stderr };
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ScanFinding & Record<string, unknown>);

(lab ? describe : describe.skip)('readiness scan against the Samba lab DC', () => {
  let dir: LdapDirectory;
  let admin: LabDirectoryAdmin;
  let plan: SeedPlan;
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-scan-state-')), 'scan-state');

  beforeAll(async () => {
    dir = await LdapDirectory.connect({
      url: lab!.url,
      bindDn: lab!.bindDn,
      password: fs.readFileSync(lab!.passwordFile, 'utf8'),
      caFile: lab!.caFile,
      serverName: lab!.serverName,
    });
    admin = createLabDirectoryAdmin(dir);
    plan = planSeed(120, lab!.baseDn, { ou: `ScanTest${tag}`, tag });
    await admin.createOrganizationalUnit(`ScanTest${tag}`);
    for (const part of plan.partDns) await admin.createOrganizationalUnit(part.slice(3, part.indexOf(',')), plan.ouDn);
    await addPlannedObjects(admin, plan.objects, 3);
  }, 180_000);

  afterAll(async () => {
    await admin?.deleteTree(plan.ouDn).catch(() => {});
    await dir?.close();
  });

  it('streams findings while reading and reports exactly the planted problems (every member of each duplicate set naming the others)', async () => {
    const events: string[] = [];
    const byId = new Map<string, ScanFinding>();
    const progress: ScanProgress[] = [];
    const summary = await runScan(dir, {
      baseDns: [plan.ouDn],
      pageSize: 25,
      progressEvery: 10,
      onFinding: (f) => {
        byId.set(f.id, f);
        events.push('finding');
      },
      onProgress: (p) => {
        progress.push(p);
        events.push(p.phase);
      },
    });
    const diff = compareWithManifest([...byId.values()], plan.expected);
    expect(diff).toEqual({ missing: [], unexpected: [], wrongPeers: [] });
    // Findings came before the read ended, and progress counted up to the total.
    expect(events.indexOf('finding')).toBeLessThan(events.indexOf('duplicates'));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', read: plan.objects.length, total: plan.objects.length });
    expect(summary.objectsInScope).toBe(plan.objects.length);
    // The skipped objects carry bad values (a .local UPN on HealthMailbox…, a .local mail on an Exchange
    // system mailbox and an MSOL_ account, blank displayNames on mail-less groups) and yield nothing.
    // Clean security groups without mail are skipped too (IdFix leaves them alone; they sync as groups but carry no mail values).
    const skipped = plan.objects.filter(
      (o) => o.kind.startsWith('skipped-') || (o.kind === 'clean' && o.attributes.groupType?.[0]?.startsWith('-') && !o.attributes.mail),
    ).length;
    expect(summary.skipped).toBe(skipped);
    expect(summary.quota).toMatchObject({ limit: 50_000, inScope: plan.objects.length, over: false });
  });

  it("CLI: jsonl with the issue's fields, CSV with the SCAN_CSV_COLUMNS, exit 1; both match the manifest", async () => {
    const jsonl = await cli(['scan', '--lab', '--base', plan.ouDn, '--format', 'jsonl', '--save-state', stateFile]);
    expect(jsonl.stderr).toMatch(/scan: full of OU=ScanTest/);
    expect(jsonl.code).toBe(EXIT.attention);
    const rows = jsonLines(jsonl.stdout);
    for (const r of rows) {
      expect(Object.keys(r).filter((k) => k !== 'duplicates')).toEqual(['dn', 'objectClass', 'attribute', 'value', 'errors', 'action', 'proposedValue']);
    }
    expect(
      compareWithManifest(
        rows.map((r) => ({ ...r, duplicates: (r.duplicates as ScanFinding['duplicates']) ?? [] })),
        plan.expected,
      ),
    ).toEqual({ missing: [], unexpected: [], wrongPeers: [] });
    expect(rows.find((r) => r.attribute === 'displayName' && r.value === '')?.proposedValue).toMatch(/^pgb/);

    const csv = await cli(['scan', '--lab', '--base', plan.ouDn, '--format', 'csv']);
    expect(csv.code).toBe(EXIT.attention);
    const records = parseCsvRecords(csv.stdout);
    expect(records[0]!.fields).toEqual([...SCAN_CSV_COLUMNS]);
    expect(records.length - 1).toBe(rows.length);
  });

  it('re-scan with --since reads only the changes and reports exactly them: a new problem, resolved duplicates, a deletion', async () => {
    const state = loadScanState(stateFile, stateKey);
    const dup = plan.objects.filter((o) => o.kind === 'mail-duplicate').slice(0, 2);
    const upnTld = plan.objects.find((o) => o.kind === 'upn-tld')!;
    const clean = plan.objects.filter((o) => o.kind === 'clean' && o.attributes.objectClass!.includes('user')).slice(0, 2);
    await admin.replaceAttribute(dup[1]!.dn, 'mail', [`fixed${tag}@contoso.com`]);
    await admin.deleteObject(upnTld.dn);
    await admin.replaceAttribute(clean[0]!.dn, 'mail', [`broken${tag}@contoso.local`]);
    await admin.replaceAttribute(clean[1]!.dn, 'displayName', [`Still Clean ${tag}`]);

    const again = await cli(['scan', '--lab', '--base', plan.ouDn, '--format', 'jsonl', '--since', stateFile]);
    expect(again.code).toBe(EXIT.attention);
    expect(again.stderr).toMatch(/scan: incremental of/);
    const reported = jsonLines(again.stdout);
    expect(reported.map((r) => `${r.dn} ${r.attribute} ${r.value} ${r.errors.join()}`)).toEqual([
      `${clean[0]!.dn} mail broken${tag}@contoso.local topleveldomain`,
    ]);
    const resolved = again.stderr
      .split('\n')
      .filter((l) => l.startsWith('resolved: '))
      .sort();
    expect(resolved).toHaveLength(3);
    expect(resolved.join('\n')).toContain(dup[0]!.dn);
    expect(resolved.join('\n')).toContain(dup[1]!.dn);
    expect(resolved.join('\n')).toContain(upnTld.dn);
    // The state file was updated: a further re-scan with no change reports nothing new.
    const next = loadScanState(stateFile, stateKey);
    expect(BigInt(next.highestUsn)).toBeGreaterThan(BigInt(state.highestUsn));
    expect(next.objectCount).toBe(state.objectCount - 1);
    const quiet = await runScan(dir, { baseDns: [plan.ouDn], since: next });
    expect(quiet.mode).toBe('incremental');
    expect(quiet.reported + quiet.resolved).toBe(0);
  });

  it('a state from another DC (another invocationId) means a full scan, and the summary says why', async () => {
    const state = loadScanState(stateFile, stateKey);
    const foreign = path.join(path.dirname(stateFile), 'foreign.json');
    saveScanState(foreign, { ...state, invocationId: '00000000-0000-0000-0000-000000000001', dcHostName: 'dc9.other.example.com' }, stateKey);
    const r = await cli(['scan', '--lab', '--base', plan.ouDn, '--format', 'jsonl', '--since', foreign]);
    expect(r.code).toBe(EXIT.attention);
    expect(r.stderr).toMatch(/scan: full \(the saved scan was read from dc9\.other\.example\.com .*scanning in full\)/);
  });

  it('a state saved by an older version (version 1, one JSON object) means a full scan, the reason on stderr, and the state saved anew', async () => {
    const { index, ...facts } = loadScanState(stateFile, stateKey);
    const old = path.join(path.dirname(stateFile), 'v1.json');
    fs.writeFileSync(old, JSON.stringify({ ...facts, version: 1, index: index.serialise() }));
    const r = await cli(['scan', '--lab', '--base', plan.ouDn, '--format', 'jsonl', '--since', old]);
    expect(r.code).toBe(EXIT.attention);
    expect(r.stderr).toMatch(
      /scan: full \(the saved scan state is version 1, from an older version of DirSync Doctor \(this one saves version 2\): scanning in full\)/,
    );
    expect(jsonLines(r.stdout).length).toBeGreaterThan(0);
    expect(loadScanState(old, stateKey).version).toBe(2);
    const again = await cli(['scan', '--lab', '--base', plan.ouDn, '--format', 'jsonl', '--since', old]);
    expect(again.stderr).toMatch(/scan: incremental of/);
  });

  it("progress has its total from the first page (Samba's paged-results count), with no second counting search", async () => {
    const searches: string[][] = [];
    const watched = new Proxy(dir, {
      get(target, prop, receiver) {
        if (prop === 'search')
          return (req: Parameters<LdapDirectory['search']>[0], opts?: Parameters<LdapDirectory['search']>[1]) => (
            searches.push([...req.attributes]),
            target.search(req, opts)
          );
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const firstTotals: (number | null)[] = [];
    // One stream (a split scan sums its parts' counts: split-scan.samba.test.ts).
    const full = await runScan(watched, {
      baseDns: [plan.ouDn],
      connections: 1,
      pageSize: 25,
      progressEvery: 10,
      onProgress: (p) => p.phase === 'reading' && p.read > 0 && firstTotals.push(p.total),
    });
    expect(full.objectsInScope).toBeGreaterThan(100);
    expect(firstTotals[0]).toBe(full.objectsInScope);
    expect(searches.filter((a) => a.length === 1 && a[0] === '1.1')).toEqual([]);

    // The older way still works (the benchmark compares them): a counting search beside the read.
    searches.length = 0;
    const summary = await runScan(watched, { baseDns: [plan.ouDn], connections: 1, pageSize: 25, count: 'search' });
    expect(searches.filter((a) => a.length === 1 && a[0] === '1.1')).toHaveLength(1);
    expect(summary.objectsInScope).toBe(full.objectsInScope);
  });

  it("--ou with --exclude-ou scans like Connect's OU filtering: excluded OUs left out, also by the re-scan; a bad list is a usage error", async () => {
    const excluded = [plan.partDns[1]!, plan.partDns[2]!];
    const inExcluded = (dn: string) => excluded.some((e) => dn.toLowerCase().endsWith(e.toLowerCase()));
    const file = path.join(path.dirname(stateFile), 'ou-scope.json');
    const scoped = ['--ou', plan.ouDn, '--exclude-ou', excluded[0]!, '--exclude-ou', excluded[1]!];
    const r = await cli(['scan', '--lab', ...scoped, '--format', 'jsonl', '--save-state', file]);
    expect(r.code).toBe(EXIT.attention);
    expect(r.stderr).toMatch(/scan: full of OU=ScanTest\w+,DC=lab,DC=example,DC=com without OU=Part1,.*; OU=Part2,/);
    const rows = jsonLines(r.stdout);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((f) => inExcluded(f.dn))).toEqual([]);
    // What was left out is exactly what a scan of the excluded OUs alone covers.
    const all = await runScan(dir, { baseDns: [plan.ouDn] });
    const only = await runScan(dir, { baseDns: excluded });
    expect(loadScanState(file, stateKey).objectCount + only.objectsInScope).toBe(all.objectsInScope);
    expect(loadScanState(file, stateKey).excludeDns).toEqual(excluded);

    // A change inside an excluded OU is not reported by the re-scan; one outside is.
    const cleanUser = (part: string) => plan.objects.find((o) => o.kind === 'clean' && o.attributes.objectClass!.includes('user') && o.dn.endsWith(part))!;
    const outside = cleanUser(plan.partDns[0]!);
    const inside = cleanUser(excluded[0]!);
    await admin.replaceAttribute(outside.dn, 'mail', [`ou-out${tag}@contoso.local`]);
    await admin.replaceAttribute(inside.dn, 'mail', [`ou-in${tag}@contoso.local`]);
    const again = await cli(['scan', '--lab', ...scoped, '--format', 'jsonl', '--since', file]);
    expect(again.stderr).toMatch(/scan: incremental of/);
    expect(jsonLines(again.stdout).map((f) => `${f.dn} ${f.value}`)).toEqual([`${outside.dn} ou-out${tag}@contoso.local`]);
    // The same state with another scope is a full scan, and says so.
    const wider = await cli([
      'scan',
      '--lab',
      '--ou',
      plan.ouDn,
      '--format',
      'jsonl',
      '--since',
      file,
      '--save-state',
      path.join(path.dirname(file), 'wider.json'),
    ]);
    expect(wider.stderr).toMatch(/the scope changed \(saved: OU=ScanTest\w+,DC=lab,DC=example,DC=com without OU=Part1,/);

    const bad = await cli(['scan', '--lab', '--ou', plan.partDns[0]!, '--exclude-ou', plan.partDns[3]!, '--format', 'jsonl']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain(`excluded container ${plan.partDns[3]} is not inside any included one`);
  });

  it('stops paging when cancelled', async () => {
    const ac = new AbortController();
    const scan = runScan(dir, { baseDns: [plan.ouDn], pageSize: 10, progressEvery: 5, signal: ac.signal, onProgress: (p) => p.read >= 5 && ac.abort() });
    await expect(scan).rejects.toBeInstanceOf(DirectoryError);
    await expect(scan).rejects.toMatchObject({ code: 'cancelled' });
  });
});
