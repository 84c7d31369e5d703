// report --out: the support bundle from the command line. One zip with a manifest, the HTML
// report, the same data as JSON and the server facts; it names every finding; replayed with
// `diagnose --lab-file <bundle>` it gives the same findings; pseudonymised, no user name, address,
// DN or server name of the scenario is in any byte of any file in it; it never overwrites a file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BundleManifest } from '../app/support-bundle';
import { parseFactsBytes } from '../lab/facts-file';
import { parseScenario } from '../lab/scenario';
import { EXIT, runCli } from './main';

async function cli(argv: string[], dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-report-'))) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: dataDir } });
  return { code, stdout, stderr };
}
const out = (name: string) => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-bundle-')), name);
const findingIds = async (argv: string[]) => {
  const r = await cli([...argv, '--format', 'json']);
  return (JSON.parse(r.stdout) as { findings: { id: string; title: string; severity: string }[] }).findings.map((f) => `${f.id}|${f.severity}|${f.title}`);
};

describe('report --out', () => {
  it.each(['dirsync-account-moved', 'sync-service-stopped', 'healthy-entra-connect'])(
    '%s: a zip naming every finding, replayed with --lab-file to the same findings',
    async (scenario) => {
      const file = out('bundle.zip');
      const r = await cli(['report', '--lab', scenario, '--out', file, '--format', 'json']);
      expect([EXIT.healthy, EXIT.attention]).toContain(r.code);
      const result = JSON.parse(r.stdout) as { caseId: string; findings: string[]; caps: Record<string, number> };
      const entries = unzipSync(fs.readFileSync(file));
      expect(Object.keys(entries).sort()).toEqual(['manifest.json', 'report.html', 'report.json', 'server-facts.json']);
      const manifest = BundleManifest.parse(JSON.parse(strFromU8(entries['manifest.json']!)));
      expect(manifest).toMatchObject({ caseId: result.caseId, pseudonymised: false, caps: { fileBytes: 4 * 1024 * 1024 } });
      const original = await findingIds(['diagnose', '--lab', scenario]);
      const report = JSON.parse(strFromU8(entries['report.json']!)) as { findings: { id: string; severity: string; title: string }[] };
      expect(report.findings.map((f) => `${f.id}|${f.severity}|${f.title}`)).toEqual(original);
      const html = strFromU8(entries['report.html']!);
      for (const f of report.findings) expect(html).toContain(f.id);
      // Each finding with the article it comes from and the public address to read it, as the app and the CLI show it.
      const cited = (JSON.parse((await cli(['diagnose', '--lab', scenario, '--format', 'json'])).stdout) as { findings: { cite: { read: { url: string } } }[] })
        .findings;
      for (const f of cited) expect(html).toContain(`&lt;${f.cite.read.url}&gt;`);
      // The facts are a scenario file, and the bundle itself replays.
      expect(parseScenario(strFromU8(entries['server-facts.json']!), 'facts').collected?.kind).toBe('support-bundle');
      expect(await findingIds(['diagnose', '--lab-file', file])).toEqual(original);
    },
  );

  it('pseudonymised: no user name, address, DN, server or domain name of the scenario in any byte; the same name gets the same hash', async () => {
    const scenario = JSON.parse(fs.readFileSync(path.resolve('assets/scenarios/dirsync-account-moved.json'), 'utf8'));
    const file = out('pseudonymised.zip');
    const r = await cli(['report', '--lab', 'dirsync-account-moved', '--out', file, '--pseudonymise']);
    expect(r.stdout).toMatch(/names pseudonymised/);
    const bytes = fs.readFileSync(file);
    const entries = unzipSync(bytes);
    // The app's own words "--lab-file" and "lab scenario" are left aside: the scenario's NetBIOS name is LAB.
    const texts = [bytes.toString('latin1'), ...Object.values(entries).map((e) => strFromU8(e))].map((t) =>
      t.toLowerCase().replace(/--lab-file|lab scenario/g, ''),
    );
    const domain: string = scenario.os.domain;
    const secret = [
      scenario.os.computerName,
      domain,
      domain
        .split('.')
        .map((p: string) => `dc=${p}`)
        .join(','),
      scenario.os.netbiosDomain,
      ...scenario.accounts.flatMap((a: { sAMAccountName: string; displayName?: string }) => [a.sAMAccountName, a.displayName].filter(Boolean)),
      ...(scenario.localAccounts ?? []).map((a: { name: string }) => a.name),
    ].map((s: string) => s.toLowerCase());
    expect(secret.length).toBeGreaterThan(4);
    // As a name (not as letters inside another word: the NetBIOS name LAB is in "label").
    const asName = (s: string) => new RegExp(`(?<![a-z0-9_])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9_])`);
    for (const s of secret) for (const t of texts) expect(asName(s).test(t), s).toBe(false);
    for (const s of secret.filter((x) => x.length > 5)) for (const t of texts) expect(t.includes(s), s).toBe(false);
    expect(texts.some((t) => /@[a-z0-9.-]+\.(com|local|org|net)\b/.test(t.replace(/@mail\.example|@t-[0-9a-f]+\.onmicrosoft\.com/g, '')))).toBe(false);
    // Stable: the MSOL_ account's pseudonym is the same in the facts and the report.
    const facts = parseFactsBytes(bytes, 'pseudonymised.zip');
    const msol = facts.accounts.find((a) => a.sAMAccountName.startsWith('MSOL_'))!.sAMAccountName;
    expect(strFromU8(entries['report.html']!)).toContain(msol);
    expect(JSON.parse(strFromU8(entries['manifest.json']!)).pseudonymised).toBe(true);
  });

  it('never overwrites a file, needs --out, and says so (JSON with --format json)', async () => {
    const file = out('exists.zip');
    fs.writeFileSync(file, 'keep me');
    const r = await cli(['report', '--lab', 'healthy-entra-connect', '--out', file, '--format', 'json']);
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'usage', flag: '--out', message: expect.stringContaining('exists already') });
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    const missing = await cli(['report', '--lab', 'healthy-entra-connect']);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('report needs --out');
    expect((await cli(['diagnose', '--lab', 'healthy-entra-connect', '--pseudonymise'])).code).toBe(EXIT.usage);
  });

  it('a collected server bundles and replays too', async () => {
    const file = out('collected.zip');
    const fixture = path.resolve('tests/collector/fixtures/dirsync-2008r2.before.json');
    const r = await cli(['report', '--lab-file', fixture, '--out', file, '--format', 'json']);
    expect(r.code).toBe(EXIT.attention);
    const facts = parseFactsBytes(fs.readFileSync(file), 'collected.zip');
    expect(facts.collected?.notes[0]).toMatch(/^Collected by Collect-DsdLegacyFacts\.ps1 1\.0 at 2026-12-01T09:14:22Z\.$/);
    expect(await findingIds(['diagnose', '--lab-file', file])).toEqual(await findingIds(['diagnose', '--lab-file', fixture]));
  });
});
