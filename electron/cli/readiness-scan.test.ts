// `scan` usage and failure paths (no directory needed): usage errors exit 2 naming the flag, a scan
// that cannot run exits 3, a damaged --since state is refused. The Samba suite
// (electron/readiness/scan/scanner.samba.test.ts) covers real scans, exit 1 and --since.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InstallKey } from '../audit/install-key';
import { EXIT, runCli } from './main';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

describe('cli scan', () => {
  it('usage errors exit 2 and say what was wrong', async () => {
    expect((await cli(['scan', '--lab'])).stderr).toMatch(/--format jsonl, --format json or --format csv/);
    const cases: [string[], RegExp][] = [
      [['scan', '--lab', '--format', 'xml'], /--format takes jsonl, json or csv/],
      [['scan', '--format', 'jsonl'], /--bind and --password-env/],
      [['scan', '--lab', '--url', 'ldaps://dc:636', '--format', 'jsonl'], /--lab connects to the lab DC itself/],
      [['scan', '--lab', '--format', 'jsonl', '--base', 'not a dn'], /--base takes a distinguished name/],
      [['scan', '--lab', '--format', 'jsonl', '--frobnicate'], /frobnicate/],
      [
        ['scan', '--lab', '--connect-scope', '--ou', 'OU=Staff,DC=lab,DC=example,DC=com', '--format', 'jsonl'],
        /--connect-scope takes the OUs from the sync server; leave out --ou/,
      ],
      [['scan', '--lab', '--connect-scope', '--exclude-ou', 'OU=Old,DC=lab,DC=example,DC=com', '--format', 'jsonl'], /leave out --ou, --base and --exclude-ou/],
      [['scan', '--lab', '--lab-scenario', 'connect-ou-filtered', '--format', 'jsonl'], /--lab-scenario goes with --lab --connect-scope/],
      [['scan', '--lab', '--connect-scope', '--lab-scenario', 'No Such', '--format', 'jsonl'], /--lab-scenario takes a scenario id/],
      [['scan', '--lab', '--format', 'jsonl', '--connections', '0'], /--connections takes a whole number from 1 to 16/],
      [['scan', '--lab', '--format', 'jsonl', '--connections', '17'], /--connections takes a whole number from 1 to 16/],
      [['scan', '--lab', '--format', 'jsonl', '--connections', 'many'], /--connections takes a whole number from 1 to 16/],
      [['scan', '--lab', '--format', 'jsonl', '--connections', '2.5'], /--connections takes a whole number from 1 to 16/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(EXIT.usage);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it.skipIf(process.platform === 'win32')('--connect-scope without --lab off Windows is a usage error saying what to do', async () => {
    const r = await cli(['scan', '--connect-scope', '--url', 'ldaps://127.0.0.254:636', '--bind', 'a@b.com', '--password-env', 'PW', '--format', 'jsonl'], {
      PW: 'Secret-Pass-1',
    });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/--connect-scope reads the sync server this command runs on \(Windows\); elsewhere add --lab/);
  });

  it('the password comes from the named variable, never the command line', async () => {
    const r = await cli(['scan', '--url', 'ldaps://127.0.0.254:636', '--bind', 'a@b.com', '--password-env', 'NOPE_NOT_SET', '--format', 'jsonl']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/NOPE_NOT_SET .* not set/);
  });

  it('a damaged or unsealed --since state is refused before connecting', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-scan-'));
    const file = path.join(folder, 'state.json');
    fs.writeFileSync(file, '{"version":1}');
    const r = await cli(['scan', '--url', 'ldaps://127.0.0.254:636', '--bind', 'a@b.com', '--password-env', 'PW', '--format', 'jsonl', '--since', file], {
      PW: 'Secret-Pass-1',
      DSD_DATA_DIR: folder,
    });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/state.json is not sealed by DirSync Doctor \(no seal at its end\), so it is not used/);
    // Sealed with this installation's key (beside its audit log), the content is what is judged.
    fs.writeFileSync(file, InstallKey.besideAudit(path.join(folder, 'audit')).seal(Buffer.from('{"version":1}')));
    const sealed = await cli(['scan', '--url', 'ldaps://127.0.0.254:636', '--bind', 'a@b.com', '--password-env', 'PW', '--format', 'jsonl', '--since', file], {
      PW: 'Secret-Pass-1',
      DSD_DATA_DIR: folder,
    });
    expect(sealed.code).toBe(EXIT.usage);
    expect(sealed.stderr).toMatch(/state.json is not a saved scan \(it does not begin with "dirsync-doctor scan state"\)/);
  });

  it('a --since state from an older version is not refused: the scan runs in full and says why', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-scan-')), 'state.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, dcHostName: 'dc01.lab.example.com', invocationId: 'x', highestUsn: '1', index: '', findings: [] }));
    const r = await cli(
      ['scan', '--url', 'ldaps://127.0.0.254:1', '--bind', 'a@b.com', '--password-env', 'PW', '--format', 'jsonl', '--since', file, '--timeout-ms', '2000'],
      { PW: 'Secret-Pass-1' },
    );
    expect(r.stderr).toMatch(
      /state.json: the saved scan state is version 1, from an older version of DirSync Doctor \(this one saves version 2\); this scan reads everything and saves the state anew/,
    );
    // It went on to connect (and could not: nothing listens there).
    expect(r.code).toBe(EXIT.failed);
  });

  it('a directory that cannot be reached exits 3, and the password never appears', async () => {
    const r = await cli(['scan', '--url', 'ldaps://127.0.0.254:1', '--bind', 'a@b.com', '--password-env', 'PW', '--format', 'csv', '--timeout-ms', '2000'], {
      PW: 'Secret-Pass-1',
    });
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toMatch(/the scan could not run/);
    expect(r.stderr + r.stdout).not.toContain('Secret-Pass-1');
  });
});
