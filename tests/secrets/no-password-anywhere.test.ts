// "A password used or generated in any test appears in no file the app wrote, no log line, no CLI
// output": a password reset fix runs through the real handlers, against the Samba lab DC, twice:
// through the test bridge (the same dispatch the window uses) and through the CLI's `fix --yes`.
// Every password generated on the way is captured as it is made (the real generator, watched, not
// replaced), proved to be the one now set in AD, and then looked for in every form a leak could
// take (as is, base64 of UTF-8 / UTF-16LE / AD's quoted unicodePwd, hex, URL-encoded, raw UTF-16LE
// bytes) in every file under the app's data folders, the CLI's stdout and stderr, and every
// response the bridge gave.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { startBridge, type Bridge } from '../../dev/bridge/server';
import { runCli } from '../../electron/cli/main';
import { createLabDirectoryAdmin } from '../../electron/directory/lab-directory-admin';
import { LdapDirectory } from '../../electron/directory/ldap-directory';
import type { DirectoryConnection } from '../../electron/ports/directory-port';

const generated = vi.hoisted(() => [] as string[]);
vi.mock('../../electron/secrets/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/secrets/password')>();
  return {
    ...real,
    generatePassword: (length?: number) => {
      const value = real.generatePassword(length);
      generated.push(value);
      return value;
    },
  };
});

const lab = inject('labDc');
const suite = lab ? describe : describe.skip;

/** Every form a password could leak in, as byte sequences to look for. */
function leakForms(secret: string): { form: string; bytes: Buffer }[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const utf16 = Buffer.from(secret, 'utf16le');
  return [
    { form: 'as is', bytes: utf8 },
    { form: 'UTF-16LE bytes', bytes: utf16 },
    { form: 'base64 of UTF-8', bytes: Buffer.from(utf8.toString('base64')) },
    { form: 'base64 of UTF-16LE', bytes: Buffer.from(utf16.toString('base64')) },
    { form: 'base64 of the quoted unicodePwd', bytes: Buffer.from(Buffer.from(`"${secret}"`, 'utf16le').toString('base64')) },
    { form: 'hex of UTF-8', bytes: Buffer.from(utf8.toString('hex')) },
    { form: 'URL-encoded', bytes: Buffer.from(encodeURIComponent(secret)) },
    { form: 'JSON-escaped', bytes: Buffer.from(JSON.stringify(secret).slice(1, -1)) },
  ];
}

/** Where (place: form) any of the secrets appears in the given blobs. */
function leaks(secrets: readonly string[], blobs: readonly { place: string; data: Buffer }[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (const { form, bytes } of leakForms(secret)) {
      for (const blob of blobs) if (blob.data.includes(bytes)) found.push(`${blob.place}: ${form}`);
    }
  }
  return found;
}

function filesUnder(dir: string): { place: string; data: Buffer }[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => ({ place: f, data: fs.readFileSync(f) }));
}

suite(`no password in any file, log line, CLI output or bridge response${lab ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`}`, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-nopw-'));
  const sam = `svc-pw-${randomBytes(3).toString('hex')}`;
  let admin: DirectoryConnection;
  let scenarioFile: string;

  beforeAll(() => {
    admin = {
      url: lab!.url,
      bindDn: lab!.bindDn,
      password: fs.readFileSync(lab!.passwordFile, 'utf8').replace(/\r?\n$/, ''),
      caFile: lab!.caFile,
      serverName: lab!.serverName,
    };
    // The shipped "password changed in AD only" scenario, with an account of this test's own (no
    // other test seeding svc-adsync in the shared lab DC can race it).
    const text = fs.readFileSync(path.resolve('assets/scenarios/service-account-stale-password.json'), 'utf8').replaceAll('svc-adsync', sam);
    scenarioFile = path.join(tmp, 'no-password-anywhere.json');
    fs.writeFileSync(scenarioFile, text.replace('"id": "service-account-stale-password"', '"id": "no-password-anywhere"'));
  });
  afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    // The lab account this test seeded leaves the shared lab DC with it.
    const dir = await LdapDirectory.connect(admin);
    try {
      await createLabDirectoryAdmin(dir).removeIfPresent(sam);
    } finally {
      await dir.close();
    }
  });

  async function signsIn(password: string): Promise<boolean> {
    const dir = await LdapDirectory.connect(admin);
    try {
      await dir.verifyCredentials(sam, password);
      return true;
    } catch {
      return false;
    } finally {
      await dir.close();
    }
  }

  it('the scanner finds a planted password in each form (so a clean result means something)', () => {
    const planted = 'Planted-Secret-42!x';
    const blobs = leakForms(planted).map(({ form, bytes }) => ({ place: form, data: Buffer.concat([Buffer.from('before '), bytes, Buffer.from(' after')]) }));
    expect(leaks([planted], blobs).length).toBeGreaterThanOrEqual(blobs.length);
    expect(leaks([planted], [{ place: 'clean', data: Buffer.from('nothing here') }])).toEqual([]);
  });

  it('a generated password reset through the bridge and through `fix --yes`: set in AD, and nowhere else', async () => {
    // 1. Through the bridge: the window's path, dispatch to the real main-process handlers.
    const bridgeData = path.join(tmp, 'bridge-data');
    fs.mkdirSync(bridgeData);
    // Only the API routes are used: a one-line page stands in for the built renderer, so this
    // runs on a fresh clone before the build (as CI does).
    const rendererDir = path.join(tmp, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    const responses: { place: string; data: Buffer }[] = [];
    let bridge: Bridge | null = await startBridge({ labScenarioFile: scenarioFile, lab: 'samba', dataDir: bridgeData, rendererDir });
    try {
      const call = async (channel: Parameters<Bridge['call']>[0], request: unknown) => {
        const r = await bridge!.call(channel, request as never);
        responses.push({ place: `bridge ${channel}`, data: Buffer.from(JSON.stringify(r)) });
        return r;
      };
      const step = { playbookId: 'kb2882421', stepId: 'm2-s5-password-current' };
      expect(await call('step:probe', step)).toMatchObject({ ok: true, value: { status: 'fail', cause: 'service-account-password-mismatch' } });
      const plan = await call('step:plan', step);
      if (!plan.ok || !plan.value) throw new Error('no plan');
      const before = generated.length;
      const applied = await call('step:apply', { planId: (plan.value as { planId: string }).planId, secret: { kind: 'generate' } });
      expect(applied).toMatchObject({ ok: true, value: { fix: { ok: true }, recheck: { status: 'pass' } } });
      // The handler generated exactly one password for it, and that is the one AD now holds.
      expect(generated.length).toBe(before + 1);
      expect(await signsIn(generated.at(-1)!)).toBe(true);
      await call('triage:diagnose', {});
      await call('progress:load', { playbookId: 'kb2882421' });
      await call('progress:save', {
        version: 1,
        playbookId: 'kb2882421',
        selectedStepId: step.stepId,
        savedAt: new Date().toISOString(),
        steps: { [step.stepId]: { phase: 'verified', verdict: null } },
      });
    } finally {
      await bridge.close();
      bridge = null;
    }
    const bridgePassword = generated.at(-1)!;

    // 2. Through the CLI, as an RMM tool runs it: stdout and stderr captured whole.
    const cliData = path.join(tmp, 'cli-data');
    fs.mkdirSync(cliData);
    let stdout = '';
    let stderr = '';
    const before = generated.length;
    const code = await runCli(
      [
        'fix',
        'service-account-password-mismatch',
        '--yes',
        '--lab-file',
        scenarioFile,
        '--url',
        admin.url,
        '--bind',
        admin.bindDn,
        '--password-env',
        'DSD_NOPW_ADMIN',
        '--ca-file',
        admin.caFile!,
        '--server-name',
        admin.serverName!,
        '--format',
        'json',
      ],
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DSD_DATA_DIR: cliData, DSD_NOPW_ADMIN: admin.password } },
    );
    expect({ code, stderr }, stdout).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ applied: true, outcome: { fix: { ok: true }, recheck: { status: 'pass' } } });
    // The lab seeding generated its own passwords; the last one made is the reset's, and it is in AD now.
    expect(generated.length).toBeGreaterThan(before);
    expect(await signsIn(generated.at(-1)!)).toBe(true);
    expect(await signsIn(bridgePassword)).toBe(false);

    // 3. Nowhere: every password generated in this test (the resets' and the lab's own), and the DC's admin password.
    const blobs = [
      ...filesUnder(bridgeData),
      ...filesUnder(cliData),
      ...responses,
      { place: 'CLI stdout', data: Buffer.from(stdout) },
      { place: 'CLI stderr', data: Buffer.from(stderr) },
    ];
    // The app did write: the audit logs (both runs) and the saved progress are among what is scanned.
    expect(blobs.filter((b) => /audit\.jsonl$/.test(b.place))).toHaveLength(2);
    expect(blobs.some((b) => /progress/i.test(b.place))).toBe(true);
    expect(generated.length).toBeGreaterThanOrEqual(4);
    expect(leaks([...new Set(generated)], blobs)).toEqual([]);
    expect(leaks([admin.password], blobs)).toEqual([]);
  });
});
