// The CLI end to end, on the same engine as the app: every lab scenario produces its expected
// findings and exit code (lab directory in memory), and the Samba lab DC run proves the
// directory side and that no password reaches the output or any file the app wrote.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { EXIT, runCli } from './main';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-cli-'));
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: dataDir, ...env } });
  return { code, stdout, stderr, dataDir };
}

// A finding about sync is a failing playbook step (its cause is the id), nothing else: AD FS and
// the AD connector's account beside Connect, and no tool at all, are steps of KB 2882421 too; a
// DirSync or AADSync install is the upgrade playbooks' to report (a run in progress included).
const EXPECTED: Record<string, { code: number; ids: string[] }> = {
  'healthy-entra-connect': { code: EXIT.healthy, ids: [] },
  'sync-service-stopped': { code: EXIT.attention, ids: ['sync-service-stopped'] },
  'service-account-disabled': { code: EXIT.attention, ids: ['service-account-disabled', 'service-logon-failed'] },
  'service-account-password-expired': {
    code: EXIT.attention,
    ids: ['service-account-password-expired', 'service-logon-failed', 'service-account-password-can-expire'],
  },
  'service-account-stale-password': { code: EXIT.attention, ids: ['service-account-password-mismatch', 'service-logon-failed'] },
  'service-account-deleted': { code: EXIT.attention, ids: ['service-account-deleted', 'service-logon-failed'] },
  // DirSync runs as its local AAD_ account: nothing to report beside the upgrade path.
  'dirsync-32bit-event-109': { code: EXIT.attention, ids: [] },
  'dirsync-32bit-event-0': { code: EXIT.attention, ids: [] },
  // Beside Connect, AD FS and a moved MSOL_ account are information, not findings (only DirSync's rules).
  'adfs-on-sync-server': { code: EXIT.healthy, ids: [] },
  'sync-run-in-progress': { code: EXIT.attention, ids: [] },
  'dirsync-account-moved': { code: EXIT.attention, ids: [] },
  'connect-ad-account-moved': { code: EXIT.healthy, ids: [] },
  'connect-ad-account-deleted': { code: EXIT.attention, ids: ['sync-account-missing'] },
  'no-sync-tool': { code: EXIT.attention, ids: ['no-sync-tool'] },
  'dirsync-removed-events-remain': { code: EXIT.attention, ids: ['dirsync-rejected-events'] },
  // December 2026 facts: the agents beside Connect are not Connect 1.x; the 7 April 2027 stop warns now.
  'connect-beside-agents': { code: EXIT.healthy, ids: [] },
  // The 32-bit tool's ILM services are not "missing"; a 7000 without the 1069 text is no logon failure.
  'dirsync-32bit-ilm': { code: EXIT.attention, ids: [] },
  'service-start-failed-7000': { code: EXIT.attention, ids: ['sync-service-stopped'] },
  // Done when (issue 17): a current build with application sign-in and Windows defaults reports nothing about TLS, the MSOL_ location or AD FS.
  'current-build-defaults': { code: EXIT.healthy, ids: [] },
  'auto-upgrade-suspended': { code: EXIT.attention, ids: ['auto-upgrade-suspended'] },
  'database-disk-full': { code: EXIT.attention, ids: ['sync-database-full'] },
  'localdb-full-service-stopped': { code: EXIT.attention, ids: ['sync-database-full', 'sync-service-stopped'] },
  'password-hash-sync-stalled': { code: EXIT.attention, ids: ['password-hash-sync-stalled'] },
  'app-certificate-expiring': { code: EXIT.attention, ids: ['app-certificate-expiring'] },
  'app-certificate-expired': { code: EXIT.attention, ids: ['app-certificate-expired', 'cloud-account-sign-in-failed', 'sync-run-failed'] },
  'cloud-sync-agent-only': { code: EXIT.attention, ids: ['no-sync-tool'] },
  'sync-user-before-hard-stop': { code: EXIT.attention, ids: ['application-auth-required'] },
  'build-below-hard-stop': { code: EXIT.attention, ids: ['sync-tool-stops-soon'] },
  'recalled-build-2-6-79': { code: EXIT.attention, ids: ['sync-tool-unsupported'] },
  'tls12-disabled': { code: EXIT.attention, ids: ['tls12-disabled-in-windows', 'endpoint-unreachable', 'sync-run-failed'] },
  // A retired Connect build stays KB 2882421 step 1's finding.
  'retired-build-1-6': { code: EXIT.attention, ids: ['sync-run-failed', 'sync-tool-retired'] },
};

describe('cli diagnose on every lab scenario', () => {
  it.each(Object.entries(EXPECTED))('%s', async (scenario, expected) => {
    const r = await cli(['diagnose', '--lab', scenario, '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    // The upgrade playbooks' own findings (where each path stands) are their tests' business.
    const upgrade = /^dirsync-(in-place-upgrade|uninstall-new-server|different-computer)-/;
    expect(
      report.findings
        .map((f: { id: string }) => f.id)
        .filter((id: string) => !upgrade.test(id))
        .sort(),
    ).toEqual([...expected.ids].sort());
    expect(r.code).toBe(expected.code);
    for (const f of report.findings) {
      expect(f).toMatchObject({
        severity: expect.any(String),
        title: expect.any(String),
        cite: { title: expect.any(String), read: { url: expect.stringMatching(/^https:\/\//) } },
      });
    }
  });

  it('reports the deprecated tool once, from the upgrade playbook, and its moved account once, with a fix', async () => {
    type F = { id: string; title: string; fixedBy: { playbookId: string; stepId: string | null } | null };
    for (const scenario of ['dirsync-32bit-event-109', 'dirsync-32bit-event-0', 'dirsync-account-moved', 'aadsync-installed']) {
      const findings: F[] = JSON.parse((await cli(['diagnose', '--lab', scenario, '--format', 'json'])).stdout).findings;
      expect(
        findings.filter((f) => f.fixedBy?.stepId === 'm1-s1-tool-supported'),
        scenario,
      ).toEqual([]);
      expect(
        findings.filter((f) => /-path$/.test(f.id)).map((f) => f.id),
        scenario,
      ).toHaveLength(1);
    }
    const moved: F[] = JSON.parse((await cli(['diagnose', '--lab', 'dirsync-account-moved', '--format', 'json'])).stdout).findings;
    const account = moved.filter((f) => /account/i.test(f.id));
    expect(account).toEqual([expect.objectContaining({ fixedBy: expect.objectContaining({ stepId: 'sync-account' }) })]);
  });

  it('prints text for people, and usage errors on stderr with exit 2', async () => {
    const text = await cli(['diagnose', '--lab', 'sync-service-stopped']);
    expect(text.stdout).toMatch(/\[ERROR\] Microsoft Azure AD Sync is stopped/);
    expect(text.stdout).toMatch(/KB 2882421 · Method 1 · Step 2/);
    // An unknown scenario is the caller's mistake: exit 2, with the valid ids.
    const bad = await cli(['diagnose', '--lab', 'no-such-scenario']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/no scenario "no-such-scenario"\. Valid scenarios: .*sync-service-stopped/);
    const usage = await cli(['diagnose', '--bogus']);
    expect(usage.code).toBe(EXIT.usage);
    expect(usage.stderr).toMatch(/--bogus/);
    const noEnv = await cli([
      'diagnose',
      '--lab',
      'healthy-entra-connect',
      '--url',
      'ldaps://127.0.0.1:636',
      '--bind',
      'a@b',
      '--password-env',
      'DSD_TEST_UNSET_VAR',
    ]);
    expect(noEnv.code).toBe(EXIT.usage);
    expect(noEnv.stderr).toMatch(/DSD_TEST_UNSET_VAR/);
  });
});

// The Samba lab DC that vitest's setup started (tests/setup/lab-dc.ts); skipped, with the reason in
// the suite's name, when there is none (DIRSYNC_SKIP_LAB_DC=1).
const lab = inject('labDc');
const labSuite = lab ? describe : describe.skip;

labSuite(`cli diagnose against the Samba lab DC${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  const env = lab ?? { url: '', bindDn: '', caFile: '', serverName: '', passwordFile: '' };
  const adminPassword = lab ? fs.readFileSync(env.passwordFile, 'utf8').trim() : '';
  const dirArgs = ['--url', env.url, '--bind', env.bindDn, '--password-env', 'DSD_TEST_PW', '--ca-file', env.caFile, '--server-name', env.serverName];

  it('finds the disabled service account in the real directory, and no password leaks anywhere', async () => {
    const r = await cli(['diagnose', '--lab', 'service-account-disabled', ...dirArgs, '--format', 'json'], { DSD_TEST_PW: adminPassword });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.directory).toMatch(/lab\.example\.com/);
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('service-account-disabled');
    const disabled = report.findings.find((f: { id: string }) => f.id === 'service-account-disabled');
    expect(disabled.evidence.map((e: { value: string }) => e.value).join(' ')).toMatch(/CN=svc-adsync,CN=Users,DC=lab,DC=example,DC=com/i);
    // The planted secret (the real admin password) is nowhere in the output or the app's files.
    expect(r.stdout + r.stderr).not.toContain(adminPassword);
    for (const f of fs.readdirSync(r.dataDir, { recursive: true }) as string[]) {
      const p = path.join(r.dataDir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p, 'utf8')).not.toContain(adminPassword);
    }
  });

  it("finds DirSync's MSOL_AD_SYNC account moved into an OU in the real directory, reported once by the upgrade playbook", async () => {
    // Another scenario's moved MSOL_<hex> account left in the shared lab DC beside it.
    const other = await cli(['diagnose', '--lab', 'dirsync-msol-hex-moved', ...dirArgs, '--format', 'json'], { DSD_TEST_PW: adminPassword });
    expect(other.stderr).toBe('');
    const r = await cli(['diagnose', '--lab', 'dirsync-account-moved', ...dirArgs, '--format', 'json'], { DSD_TEST_PW: adminPassword });
    expect(r.stderr).toBe('');
    const findings: { id: string; title: string; fixedBy: { stepId: string | null } | null; evidence: { label: string; value: string }[] }[] = JSON.parse(
      r.stdout,
    ).findings;
    expect(findings.map((f) => f.id)).not.toContain('sync-account-moved');
    expect(findings.filter((f) => f.fixedBy?.stepId === 'm1-s1-tool-supported')).toEqual([]);
    // The account the tool is configured with (read on the server) is judged, whatever other
    // MSOL_ accounts other test files leave in the shared lab DC.
    const moved = findings.filter((f) => f.fixedBy?.stepId === 'sync-account');
    expect(moved).toHaveLength(1);
    expect(moved[0]!.evidence.find((e) => e.label === 'Account in use')?.value).toBe('lab.example.com\\MSOL_AD_SYNC');
    expect(moved[0]!.evidence.map((e) => e.value).join('\n')).toContain('CN=MSOL_AD_SYNC,OU=Service Accounts,DC=lab,DC=example,DC=com');
    expect(moved[0]!.title).toBe('MSOL_AD_SYNC was moved out of the Users container; sync fails until it is back.');
    // The leftover is listed as a candidate, not judged.
    expect(moved[0]!.evidence.map((e) => e.label)).toContain('MSOL_3f9a1c0b7d2e');
  });

  it('--ca-file goes through the bounded reader: a device, a UNC path or a missing file get one message, exit 2', async () => {
    for (const ca of ['/dev/zero', '\\\\attacker\\share\\ca.pem', path.join(os.tmpdir(), 'dsd-no-such-ca.pem')]) {
      const r = await cli(['diagnose', '--lab', 'healthy-entra-connect', ...dirArgs.slice(0, 6), '--ca-file', ca], { DSD_TEST_PW: adminPassword });
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toBe('dirsync-doctor: --ca-file: The CA file is not a readable PEM certificate.\n');
    }
  });

  it('warns on stderr about a bind password shorter than 8 characters, without printing it', async () => {
    const r = await cli(['diagnose', '--lab', 'healthy-entra-connect', ...dirArgs], { DSD_TEST_PW: 'Sh0rt!' });
    expect(r.stderr).toMatch(/^dirsync-doctor: warning: This password is shorter than 8 characters/m);
    expect(r.stderr).not.toContain('Sh0rt!');
  });

  it('a wrong password is a clear error on stderr, exit 3, without the password', async () => {
    const r = await cli(['diagnose', '--lab', 'healthy-entra-connect', ...dirArgs], { DSD_TEST_PW: 'Wrong-Password-42!' });
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toMatch(/invalid|credentials|password/i);
    expect(r.stderr).not.toContain('Wrong-Password-42!');
  });
});
