// The main-process handlers over a lab session, through dispatch as the renderer reaches them:
// probe, plan, confirm-apply with a real re-check, the audit trail, and the refusals.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it, vi } from 'vitest';
import type { Channel } from '../../shared/ipc/contract';
import { dispatch } from '../ipc/dispatch';
import { CA_FILE_REFUSED } from '../security/ca-file';
import { createAppSession, type AppSession, type AppSessionOptions } from './session';

// The Samba lab DC that vitest's setup started (tests/setup/lab-dc.ts); tests that need it skip,
// with the reason in their name, when there is none (DIRSYNC_SKIP_LAB_DC=1).
const labDc = inject('labDc');
const withLabDc = labDc ? it : it.skip;
const noLabDc = labDc ? '' : ` (skipped: ${inject('labDcSkipReason') ?? 'no lab DC'})`;

const STEP = { playbookId: 'kb2882421', stepId: 'm1-s2-sync-service-running' };

async function lab(scenarioId: string, extra: Partial<AppSessionOptions> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-session-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 5, actor: 'LAB\\tester', ...extra });
  const call = async (channel: Channel | string, payload: unknown) => dispatch(session.handlers, channel, payload);
  const value = async (channel: Channel, payload: unknown) => {
    const r = await call(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };
  return { session, dataDir, call, value };
}

describe('lab session handlers', () => {
  it('Method 1 step 2: probe fails, the plan lists the change, apply starts the service and the re-check passes', async () => {
    const { session, value } = await lab('sync-service-stopped');
    const before: { status: string; summary: string } = await value('step:probe', STEP);
    expect(before.status).toBe('fail');
    expect(before.summary).toMatch(/stopped/);
    const plan: { planId: string; changes: unknown[] } = await value('step:plan', STEP);
    expect(plan.changes).toEqual([{ target: 'Service ADSync (Microsoft Azure AD Sync)', property: 'state', from: 'stopped', to: 'running' }]);
    // Planning changed nothing.
    expect((await session.ports().host.getServices(['ADSync']))[0]!.state).toBe('stopped');
    const outcome: { fix: { ok: boolean }; recheck: { status: string } } = await value('step:apply', { planId: plan.planId });
    expect(outcome.fix.ok).toBe(true);
    expect(outcome.recheck.status).toBe('pass');
    expect((await session.ports().host.getServices(['ADSync']))[0]!.state).toBe('running');
    const audit = session.audit.read();
    expect(audit.map((l) => l.phase)).toEqual(['start', 'end']);
    expect(audit[0]).toMatchObject({ action: 'services.start', actor: 'LAB\\tester', host: 'SYNC01', target: 'services ADSync' });
    expect(audit[1]).toMatchObject({ result: 'succeeded', recheck: { status: 'pass' } });
  });

  it('a disabled logon account: no start bound to fail; the 1069 routes straight to the account step (the cause), whose fix enables the account and restarts the service', async () => {
    const { session, value } = await lab('service-account-disabled');
    const m1: { status: string; fixable: boolean; route: { stepId: string } } = await value('step:probe', STEP);
    expect(m1).toMatchObject({
      status: 'fail',
      fixable: false,
      route: { stepId: 'm2-s4-2-account-enabled' },
      causedBy: { findingId: 'service-account-disabled' },
    });
    expect(await value('step:plan', STEP)).toBeNull();
    const enabledStep = { playbookId: 'kb2882421', stepId: 'm2-s4-2-account-enabled' };
    const plan: { planId: string; changes: { property: string; to: string }[] } = await value('step:plan', enabledStep);
    expect(plan.changes.map((c) => `${c.property}=${c.to}`)).toEqual(['enabled=enabled', 'state=running (restarted)']);
    const outcome: { fix: { ok: boolean }; recheck: { status: string } } = await value('step:apply', { planId: plan.planId });
    expect(outcome).toMatchObject({ fix: { ok: true }, recheck: { status: 'pass' } });
    expect((await session.ports().host.getServices(['ADSync']))[0]!.state).toBe('running');
    expect(((await value('step:probe', STEP)) as { status: string }).status).toBe('pass');
    expect(session.audit.read().map((l) => `${l.phase}:${String(l.action ?? l.result)}`)).toEqual(['start:account.enable', 'end:succeeded']);
  });

  it('a password changed in AD only: the reset needs a secret, sets it on the service, and the generated one is in no file', async () => {
    const { session, value, call, dataDir } = await lab('service-account-stale-password');
    const step = { playbookId: 'kb2882421', stepId: 'm2-s5-password-current' };
    const verdict: { cause: string } = await value('step:probe', step);
    expect(verdict.cause).toBe('service-account-password-mismatch');
    const plan: { planId: string; input: { kind: string } } = await value('step:plan', step);
    expect(plan.input.kind).toBe('secret');
    expect(await call('step:apply', { planId: plan.planId })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const again: { planId: string } = await value('step:plan', step);
    const typed = 'Typed-Only-Here-9x!Q2w';
    const outcome: { fix: { ok: boolean; summary: string }; recheck: { status: string } } = await value('step:apply', {
      planId: again.planId,
      secret: { kind: 'typed', value: typed },
    });
    expect(outcome).toMatchObject({ fix: { ok: true }, recheck: { status: 'pass' } });
    expect((await session.ports().host.getServices(['ADSync']))[0]!.state).toBe('running');
    await session.ports().directory!.verifyCredentials('LAB\\svc-adsync', typed);
    for (const f of fs.readdirSync(dataDir, { recursive: true }) as string[]) {
      const p = path.join(dataDir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p, 'utf8')).not.toContain(typed);
    }
    expect(JSON.stringify(outcome)).not.toContain(typed);
  });

  it('deletion threshold: nothing to plan (the cmdlets sign in interactively); a forgotten re-enable is caught; attested in the lab, the lab plays the admin and it is verified', async () => {
    const { session, value } = await lab('deletion-threshold-exceeded');
    const step = { playbookId: 'kb2882421', stepId: 'm1-s5-deletion-threshold' };
    const before: { status: string; cause: string } = await value('step:probe', step);
    expect(before).toMatchObject({ status: 'fail', cause: 'deletion-threshold-exceeded' });
    expect(await value('step:plan', step)).toBeNull();
    // The admin's PowerShell on the server (the lab takes any well-formed cloud sign-in for the interactive one).
    const host = session.ports().host;
    const signIn = { userName: 'admin@contoso.onmicrosoft.com', password: 'typed-in-the-microsoft-window' };
    await host.setDeletionThreshold({ enabled: false, credential: signIn });
    await host.runSyncCycle('delta');
    // Re-enable forgotten: the check catches it.
    expect(await value('step:probe', step)).toMatchObject({ status: 'warn', summary: expect.stringMatching(/threshold is off/) });
    // "I did it": in the lab the simulated admin finishes the documented work (off, export, on again), then the check decides.
    const done: { fix: { ok: boolean; evidence: { value: string }[] }; recheck: { status: string; evidence: { label: string; value: string }[] } } =
      await value('step:attest', step);
    expect(done.fix.evidence.map((e) => e.value).join(' ')).toMatch(/turned on again/);
    expect(done.recheck.status).toBe('pass');
    expect(done.recheck.evidence).toContainEqual(expect.objectContaining({ label: 'Deletion threshold', value: 'on, 500 objects' }));
    expect(done.recheck.evidence.find((e) => e.label.endsWith(': Export'))?.value).toMatch(/^success/);
    expect(session.audit.read().map((l) => `${l.phase}:${String(l.action ?? l.result)}`)).toEqual(['start:manual.attest', 'end:succeeded']);
  });

  it('a manual step is attested, audited and re-checked; a reveal ticket works once; progress round-trips', async () => {
    const { session, value, call } = await lab('healthy-entra-connect');
    const manual = { playbookId: 'kb2882421', stepId: 'm1-s3-cloud-account' };
    const attested: { fix: { ok: boolean }; recheck: { status: string } } = await value('step:attest', manual);
    expect(attested).toMatchObject({ fix: { ok: true }, recheck: { status: 'pass' } });
    expect(session.audit.read().map((l) => l.action ?? l.result)).toEqual(['manual.attest', 'succeeded']);
    expect(await call('step:attest', STEP)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('secret:reveal', { revealId: '0123456789abcdef0123' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const saved = {
      version: 1,
      playbookId: 'kb2882421',
      selectedStepId: STEP.stepId,
      savedAt: '2026-11-22T03:00:00.000Z',
      steps: { [STEP.stepId]: { phase: 'passed', verdict: null } },
    };
    expect(await value('progress:save', saved)).toEqual({ saved: true });
    expect(await value('progress:load', { playbookId: 'kb2882421' })).toEqual({ progress: { ...saved, server: 'lab:healthy-entra-connect' }, problem: null });
    expect(await call('progress:save', { ...saved, password: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('a save the account may not write (a standard user, the administrators-only key folder) is refused in words, not as a raw errno', async () => {
    const { call } = await lab('healthy-entra-connect');
    const saved = { version: 1, playbookId: 'kb2882421', selectedStepId: null, savedAt: '2026-11-22T03:00:00.000Z', steps: {} };
    // Tests run as root here, where file modes do not refuse: the refusal Windows gives is simulated at the write.
    const denied = Object.assign(new Error("EACCES: permission denied, open 'install.key'"), { code: 'EACCES' });
    const spy = vi.spyOn(fs, 'writeFileSync').mockImplementation(() => {
      throw denied;
    });
    try {
      expect(await call('progress:save', saved)).toMatchObject({
        ok: false,
        error: {
          code: 'unavailable',
          message: expect.stringMatching(/^this account may not write the folder where progress is sealed; start the app as an administrator/),
        },
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a reused plan, an unknown plan, an unknown step and a bad payload with typed errors', async () => {
    const { call, value } = await lab('sync-service-stopped');
    const plan: { planId: string } = await value('step:plan', STEP);
    expect((await call('step:apply', { planId: plan.planId })).ok).toBe(true);
    expect(await call('step:apply', { planId: plan.planId })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('step:probe', { playbookId: 'kb2882421', stepId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('step:probe', { playbookId: 'kb2882421' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/stepId/) },
    });
    expect(await call('step:apply', { planId: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('no:such', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await call('lab:load-scenario', { scenarioId: 'missing' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('a passing step has nothing to plan', async () => {
    const { value } = await lab('healthy-entra-connect');
    expect(await value('step:plan', STEP)).toBeNull();
  });

  it('loads another scenario and reports it on the home screen facts', async () => {
    const { value } = await lab('healthy-entra-connect');
    const info: { scenario: { id: string }; syncTool: { generation: string; bitness: string } } = await value('lab:load-scenario', {
      scenarioId: 'dirsync-32bit-event-109',
    });
    expect(info.scenario.id).toBe('dirsync-32bit-event-109');
    expect(info.syncTool).toMatchObject({ generation: 'dirsync', bitness: '32', supported: false });
    const scenarios: unknown[] = await value('lab:list-scenarios', {});
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
  });

  it('loading a scenario, or the same one again, starts clean: no progress of before is restored', async () => {
    const { value } = await lab('service-account-disabled');
    const saved = {
      version: 1,
      playbookId: 'kb2882421',
      selectedStepId: STEP.stepId,
      savedAt: '2026-11-22T03:00:00.000Z',
      steps: { [STEP.stepId]: { phase: 'verified', verdict: null } },
    };
    await value('progress:save', saved);
    await value('lab:load-scenario', { scenarioId: 'service-account-disabled' });
    expect(await value('progress:load', { playbookId: 'kb2882421' })).toEqual({ progress: null, problem: null });
    await value('progress:save', saved);
    await value('lab:load-scenario', { scenarioId: 'healthy-entra-connect' });
    expect(await value('progress:load', { playbookId: 'kb2882421' })).toEqual({ progress: null, problem: null });
  });

  it('an app started on another scenario does not restore the progress saved on the last one', async () => {
    const first = await lab('service-account-disabled');
    await first.value('progress:save', { version: 1, playbookId: 'kb2882421', selectedStepId: null, savedAt: '2026-11-22T03:00:00.000Z', steps: {} });
    await first.session.close();
    const again = await createAppSession({ dataDir: first.dataDir, mode: 'lab', scenarioId: 'healthy-entra-connect', appVersion: 'test', labTransitionMs: 5 });
    expect(await dispatch(again.handlers, 'progress:load', { playbookId: 'kb2882421' })).toEqual({ ok: true, value: { progress: null, problem: null } });
    await again.close();
  });
});

export type { AppSession };

describe('directory sign-in', () => {
  withLabDc(`connects the lab to the Samba DC: the scenario accounts are seeded there and findings come from it${noLabDc}`, async () => {
    const env = labDc!;
    const password = fs.readFileSync(env.passwordFile, 'utf8').trim();
    const { call, value, session, dataDir } = await lab('service-account-disabled', { pickCaFile: async () => env.caFile });
    expect(session.ports().directory?.kind).toBe('memory');
    // The CA comes from the main process's picker; the renderer only learns its name.
    expect(await call('directory:choose-ca-file', {})).toEqual({ ok: true, value: { caFile: { displayName: 'ca.pem' } } });

    const wrong = await call('directory:connect', { bindDn: env.bindDn, password: 'Not-The-Password-1', url: env.url, serverName: env.serverName });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'directory', detail: 'invalid-credentials' } });
    expect(JSON.stringify(wrong)).not.toContain('Not-The-Password-1');
    expect(session.ports().directory?.kind).toBe('memory');

    const ok = await call('directory:connect', { bindDn: env.bindDn, password, url: env.url, serverName: env.serverName });
    expect(ok).toMatchObject({ ok: true, value: { directory: { kind: 'ldap', connected: true, domain: 'lab.example.com' } } });
    expect(session.ports().directory?.kind).toBe('ldap');
    const account = await session.ports().directory!.findAccount('LAB\\svc-adsync');
    expect(account?.flags.disabled).toBe(true);

    const findings = (await value('triage:diagnose', {})) as { id: string }[];
    expect(findings.map((f) => f.id)).toContain('service-account-disabled');
    // A planted secret (the DC's admin password) is in no file the app wrote.
    const plan = (await value('step:plan', { playbookId: 'kb2882421', stepId: 'm2-s4-2-account-enabled' })) as { planId: string };
    expect((await call('step:apply', { planId: plan.planId })).ok).toBe(true);
    for (const f of fs.readdirSync(dataDir, { recursive: true }) as string[]) {
      const p = path.join(dataDir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p, 'utf8')).not.toContain(password);
    }
    expect(session.audit.read().length).toBeGreaterThan(0);
    await session.close();
  });

  it('never takes a CA path from the renderer; the picked file is read by the bounded reader', async () => {
    const { execFileSync } = await import('node:child_process');
    const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-fifo-')), 'ca.pem');
    execFileSync('mkfifo', [fifo]);
    let picked: string | null = fifo;
    const { call } = await lab('healthy-entra-connect', { pickCaFile: async () => picked });
    expect(await call('directory:connect', { bindDn: 'a@b.c', password: 'x', url: 'ldaps://dc:636', caFile: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/caFile/) },
    });
    // A FIFO, /dev/zero, a UNC path: refused with the one message, and the main process stays responsive.
    for (const p of [fifo, '/dev/zero', '\\\\attacker\\share\\ca.pem']) {
      picked = p;
      expect(await call('directory:choose-ca-file', {})).toEqual({ ok: false, error: { code: 'directory', message: CA_FILE_REFUSED, detail: 'bad-input' } });
    }
    picked = null; // cancelled: nothing chosen
    expect(await call('directory:choose-ca-file', {})).toEqual({ ok: true, value: { caFile: null } });
    const { call: noPicker } = await lab('healthy-entra-connect');
    expect(await noPicker('directory:choose-ca-file', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('without an address and with nothing discovered, says what to enter', async () => {
    const { call } = await lab('healthy-entra-connect');
    const r = await call('directory:connect', { bindDn: 'a@b.c', password: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/ldaps:\/\//) } });
    expect(await call('directory:connect', { bindDn: 'a@b.c', password: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/password/) },
    });
    expect(await call('directory:connect', { bindDn: 'a@b.c', password: 'x', url: 'http://evil' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/url/) },
    });
  });
});

describe('Windows mode', () => {
  withLabDc(`shows the discovered domain controller, and signs in to it without a typed address${noLabDc}`, async () => {
    const env = labDc!;
    const password = fs.readFileSync(env.passwordFile, 'utf8').trim();
    // A lab host stands in for the Windows host (no PowerShell here); the directory side is real.
    const { session: labSession } = await lab('healthy-entra-connect');
    const session = await createAppSession({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-win-')),
      mode: 'windows',
      appVersion: 'test',
      windowsHost: labSession.ports().host,
      pickCaFile: async () => env.caFile,
      discover: async () => ({ domain: 'lab.example.com', dcHostName: '127.0.0.1', url: env.url, candidates: ['127.0.0.1'], source: 'srv' }),
    });
    const before = await dispatch(session.handlers, 'app:info', {});
    expect(before).toMatchObject({
      ok: true,
      value: {
        mode: 'windows',
        scenario: null,
        directory: { connected: false, domain: 'lab.example.com', server: '127.0.0.1', problem: expect.stringMatching(/sign in/) },
      },
    });
    expect(await dispatch(session.handlers, 'directory:choose-ca-file', {})).toMatchObject({ ok: true });
    const after = await dispatch(session.handlers, 'directory:connect', { bindDn: env.bindDn, password, serverName: env.serverName });
    expect(after).toMatchObject({ ok: true, value: { directory: { kind: 'ldap', connected: true, domain: 'lab.example.com' } } });
    expect(await dispatch(session.handlers, 'lab:load-scenario', { scenarioId: 'sync-service-stopped' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    await session.close();
  });
});
