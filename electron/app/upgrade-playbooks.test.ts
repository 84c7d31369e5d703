// The DirSync upgrade playbooks through the real handlers, LabHost and lab directory (memory,
// and the Samba lab DC for the account move): choose a path, the uninstall refused while a run
// is in progress and done once it ended, exit codes 1618 and 1603, the in-place path's
// prerequisites (and no uninstall anywhere in it), a checklist that survives a restart, and the
// deletion gap on the last step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { findPlaybook } from '../../shared/playbooks/index';
import { KB2882421_ID, STEP } from '../../shared/playbooks/kb2882421-ids';
import { runDiagnosis } from '../triage/diagnosis';
import type { ApplyOutcome, PlannedChange, Verdict } from '../../shared/playbooks/types';
import { dispatch } from '../ipc/dispatch';
import { waitForRun } from '../actions/upgrade';
import { createAppSession, type AppSession, type AppSessionOptions } from './session';

const lab = inject('labDc');

async function open(scenarioId: string, extra: Partial<AppSessionOptions> = {}) {
  const dataDir = extra.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-upgrade-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1, actor: 'LAB\\admin', ...extra });
  return { session, dataDir, ...steps(session) };
}

function steps(session: AppSession) {
  const ok = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await dispatch(session.handlers, channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  return {
    probe: (playbookId: string, stepId: string) => ok<Verdict>('step:probe', { playbookId, stepId }),
    plan: (playbookId: string, stepId: string) => ok<PlannedChange | null>('step:plan', { playbookId, stepId }),
    apply: (planId: string) => ok<ApplyOutcome>('step:apply', { planId }),
    async fix(playbookId: string, stepId: string) {
      const plan = await ok<PlannedChange | null>('step:plan', { playbookId, stepId });
      if (!plan) throw new Error(`${stepId}: no fix offered`);
      return { plan, outcome: await ok<ApplyOutcome>('step:apply', { planId: plan.planId }) };
    },
  };
}

const UNINSTALL = 'dirsync-uninstall-new-server';
const IN_PLACE = 'dirsync-in-place-upgrade';
const PARALLEL = 'dirsync-different-computer';

describe('uninstall here, install on a new server (32-bit DirSync)', () => {
  it('records the path, refuses the uninstall while a run is in progress, uninstalls once it ended: removed, verified, restart pending', async () => {
    let t = Date.now();
    const s = await open('dirsync-32bit-run-in-progress', { now: () => new Date(t) });
    expect(await s.probe(UNINSTALL, 'path')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /^Microsoft Online Services Directory Synchronization Tool 1\.0\.6862\.0 \(32-bit\) is out of support, and its events say Microsoft no longer accepts it\. \d+ objects in sync scope\. No upgrade path is chosen yet\. This is the recommended path\. Also possible, offered in this step: Update using a different computer\.$/,
      ),
    });
    const chose = await s.fix(UNINSTALL, 'path');
    expect(chose.plan.changes[0]).toMatchObject({ property: 'chosen path', from: 'none', to: 'Uninstall here, install on a new 64-bit server' });
    expect(chose.outcome.recheck?.status).toBe('pass');
    expect(chose.outcome.recheck).toMatchObject({ status: 'pass', recorded: { by: 'LAB\\admin', at: expect.stringMatching(/^20\d\d-/) } });

    const before = await s.probe(UNINSTALL, 'uninstall');
    expect(before.summary).toMatch(/still installed.*run is in progress/);
    const refused = await s.fix(UNINSTALL, 'uninstall');
    expect(refused.plan).toMatchObject({ destructive: true, reversible: false });
    expect(refused.plan.changes.map((c) => c.to).join(' ')).toMatch(/msiexec \/x \{A6B7C2D1-3E4F-4A5B-8C9D-0E1F2A3B4C5D\} \/qn \/norestart \/l\*v/);
    expect(refused.outcome.fix).toMatchObject({ ok: false, errorCode: 'uninstall-blocked' });
    expect(refused.outcome.recheck?.status).toBe('fail');
    expect((await s.probe(UNINSTALL, 'no-run-in-progress')).status).toBe('fail');

    const wait = await s.plan(UNINSTALL, 'no-run-in-progress');
    expect(wait?.changes[0]).toMatchObject({ property: 'run in progress', from: 'yes' });
    t += 30_000; // the scenario's run ends 20 s after loading
    const waited = { outcome: await s.apply(wait!.planId) };
    expect(waited.outcome.fix.ok).toBe(true);
    expect(waited.outcome.recheck?.status).toBe('pass');

    const done = await s.fix(UNINSTALL, 'uninstall');
    expect(done.outcome.fix).toMatchObject({ ok: true });
    expect(done.outcome.fix.summary).toMatch(/removed and its entry is gone; restart the server/);
    expect(done.outcome.recheck).toMatchObject({ status: 'pass' });
    expect(done.outcome.recheck!.evidence).toContainEqual(expect.objectContaining({ label: 'Restart pending', value: expect.stringMatching(/^yes/) }));
    // The audit log has the uninstall before and after.
    const audit = fs
      .readdirSync(s.dataDir, { recursive: true })
      .map(String)
      .filter((f) => /audit/.test(f));
    const log = audit
      .map((f) => {
        const p = path.join(s.dataDir, f);
        return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : '';
      })
      .join('\n');
    expect(log).toMatch(/upgrade\.uninstall-tool/);
    await s.session.close();
  });

  it.each([
    ['dirsync-uninstall-1618', 'uninstall-another-install-running', /another installation is running \(1618\)/],
    ['dirsync-uninstall-1603', 'uninstall-fatal-error', /fatal error \(1603\)/],
  ])('%s: says so and changes nothing else', async (scenario, code, words) => {
    const s = await open(scenario);
    const programs = await s.session.ports().host.installedPrograms();
    const r = await s.fix(UNINSTALL, 'uninstall');
    expect(r.outcome.fix).toMatchObject({ ok: false, errorCode: code });
    expect(r.outcome.fix.summary).toMatch(words);
    expect(r.outcome.recheck?.status).toBe('fail');
    expect(await s.session.ports().host.installedPrograms()).toEqual(programs);
    expect(s.session.ports().records!.read().restartPending).toBe(false);
    await s.session.close();
  });

  it('waits for a run with polls and can be cancelled', async () => {
    let t = Date.now();
    const s = await open('dirsync-32bit-run-in-progress', { now: () => new Date(t) });
    const ctx = s.session.ports();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const cancelled = await waitForRun(ctx, {}, ac.signal, 5);
    expect(cancelled).toMatchObject({ ok: false, errorCode: 'cancelled' });
    const timer = setInterval(() => (t += 2_000), 5);
    const ended = await waitForRun(ctx, {}, undefined, 5);
    clearInterval(timer);
    expect(ended.ok).toBe(true);
    expect(ended.evidence[0]!.value).toMatch(/^\d+ time\(s\)/);
    await s.session.close();
  });
});

describe('scope: each problem once, on the active path', () => {
  it('a healthy Entra Connect server has no upgrade step to do', async () => {
    const s = await open('healthy-entra-connect');
    for (const playbook of [IN_PLACE, UNINSTALL, PARALLEL]) {
      for (const step of findPlaybook(playbook)!.steps) {
        const v = await s.probe(playbook, step.id);
        expect(['not-applicable', 'pass'], `${playbook}/${step.id}: ${v.summary}`).toContain(v.status);
      }
    }
    await s.session.close();
  });
});

describe('in-place upgrade (64-bit DirSync)', () => {
  it('never offers an uninstall, and checks every prerequisite', async () => {
    const playbook = findPlaybook(IN_PLACE)!;
    expect(playbook.steps.map((x) => x.fix)).not.toContain('upgrade-uninstall-tool');
    const install = playbook.steps.find((x) => x.id === 'install-connect')!;
    expect(install.manual!.instructions.join(' ')).toMatch(/Do not uninstall DirSync/);
    expect(install.manual!.instructions.join(' ')).toMatch(/https:\/\/learn\.microsoft\.com\//);

    const ok = await open('dirsync-64bit-small');
    expect((await ok.fix(IN_PLACE, 'path')).outcome.recheck?.status).toBe('pass');
    for (const id of ['prereq-server', 'prereq-dotnet', 'prereq-tls12', 'prereq-no-adfs']) expect((await ok.probe(IN_PLACE, id)).status, id).toBe('pass');
    expect((await ok.probe(IN_PLACE, 'install-connect')).summary).toMatch(/do not uninstall DirSync first/);

    // A server older than Windows Server 2016 cannot run Connect at all (NOTES-windows §12.5): the
    // in-place path does not fit it, and the upgrade goes to a second computer.
    const missing = await open('dirsync-64bit-prerequisite-missing');
    expect((await missing.probe(IN_PLACE, 'path')).summary).toMatch(/does not fit this server/);
    expect(await missing.plan(IN_PLACE, 'path')).toBeNull();
    expect((await missing.probe(PARALLEL, 'path')).summary).toMatch(/This is the recommended path/);
    await ok.session.close();
    await missing.session.close();
  });

  it('refuses the in-place path for the 32-bit tool and above 50,000 objects, recommending the other path', async () => {
    const big = await open('dirsync-64bit-large');
    const v = await big.probe(IN_PLACE, 'path');
    expect(v).toMatchObject({ status: 'not-applicable' });
    expect(v.summary).toMatch(/does not fit this server; it follows: Update using a different computer/);
    expect(await big.plan(IN_PLACE, 'path')).toBeNull();
    const recommended = await big.probe(PARALLEL, 'path');
    expect(recommended.status).toBe('fail');
    expect(recommended.summary).toMatch(/out of support\. 72,000 objects in sync scope\. No upgrade path is chosen yet\. This is the recommended path\./);
    expect(recommended.evidence.find((e) => e.label === 'Recommended path')!.value).toMatch(/^Update using a different computer: 72,000 objects/);
    // The other path that fits is offered as an alternative, not as a problem of its own.
    expect(await big.probe(UNINSTALL, 'path')).toMatchObject({ status: 'warn', summary: expect.stringMatching(/^Alternative path/) });
    expect((await big.probe(UNINSTALL, 'gap-snapshot')).status).toBe('not-applicable');
    const small32 = await open('dirsync-32bit-event-109');
    expect((await small32.probe(IN_PLACE, 'path')).summary).toMatch(/does not fit this server; it follows: Uninstall here/);
    await big.session.close();
    await small32.session.close();
  });
});

describe('AD FS: never beside the sync tool, on every path', () => {
  it('AD FS on the DirSync server rules the in-place upgrade out and recommends a second computer', async () => {
    const s = await open('dirsync-adfs-on-server');
    const inPlace = await s.probe(IN_PLACE, 'path');
    expect(inPlace).toMatchObject({
      status: 'not-applicable',
      summary: expect.stringMatching(/does not fit this server; it follows: Update using a different computer/),
    });
    expect(await s.plan(IN_PLACE, 'path')).toBeNull();
    // Its prerequisite steps belong to a path this server does not follow: not a second finding.
    expect((await s.probe(IN_PLACE, 'prereq-no-adfs')).status).toBe('not-applicable');
    const parallel = await s.probe(PARALLEL, 'path');
    expect(parallel).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/This is the recommended path\. Also possible, offered in this step: Uninstall here, install on a new 64-bit server\.$/),
    });
    expect(parallel.evidence.find((e) => e.label === 'Recommended path')!.value).toMatch(/^Update using a different computer: AD FS runs on this server/);
    expect(parallel.evidence.find((e) => e.label === 'AD FS on this server')!.value).toMatch(/^installed/);
    await s.session.close();

    // Without AD FS the same DirSync is upgraded in place, and the in-place path checks this server.
    const plain = await open('dirsync-64bit-small');
    expect((await plain.probe(PARALLEL, 'path')).status).toBe('warn');
    expect((await plain.probe(IN_PLACE, 'path')).summary).toMatch(/This is the recommended path/);
    expect((await plain.probe(IN_PLACE, 'prereq-no-adfs')).summary).toBe('AD FS is not installed on this server.');
    await plain.session.close();
  });

  it.each([
    ['dirsync-adfs-on-server', PARALLEL, 'new-computer'],
    ['dirsync-32bit-event-109', UNINSTALL, 'new-server'],
  ])(
    '%s: the server that gets Entra Connect is attested free of AD FS before %s/%s, with the time, kept over a restart',
    async (scenarioId, playbookId, nextStep) => {
      const steps = findPlaybook(playbookId)!.steps.map((x) => x.id);
      expect(steps.indexOf('new-server-no-adfs')).toBe(steps.indexOf(nextStep) - 1);
      const s = await open(scenarioId);
      await s.fix(playbookId, 'path');
      const before = await s.probe(playbookId, 'new-server-no-adfs');
      expect(before).toMatchObject({
        status: 'fail',
        summary: expect.stringMatching(/^Not recorded yet: AD FS is not installed on the server that gets Entra Connect\. This app cannot see that server/),
      });
      const r = await s.fix(playbookId, 'new-server-no-adfs');
      expect(r.plan.changes).toEqual([
        {
          target: expect.stringMatching(/^Upgrade checklist for /),
          property: 'no AD FS on the server that gets Entra Connect',
          from: 'not recorded',
          to: 'done (you say so; the time is kept)',
        },
      ]);
      expect(r.outcome.recheck).toMatchObject({
        status: 'pass',
        summary: expect.stringMatching(/^You recorded: AD FS is not installed on the server that gets Entra Connect\./),
        recorded: { by: 'LAB\\admin', at: expect.stringMatching(/^20\d\d-/) },
      });
      expect(await s.plan(playbookId, 'new-server-no-adfs')).toBeNull();
      await s.session.close();
      const again = await open(scenarioId, { dataDir: s.dataDir });
      expect((await again.probe(playbookId, 'new-server-no-adfs')).status).toBe('pass');
      await again.session.close();
    },
  );
});

describe('update using a different computer', () => {
  it('verifies what this computer can, records the rest with the time, and resumes after a restart', async () => {
    const first = await open('dirsync-64bit-large');
    expect((await first.fix(PARALLEL, 'path')).outcome.recheck?.status).toBe('pass');
    expect((await first.fix(PARALLEL, 'stop-old-service')).outcome.recheck?.status).toBe('pass');
    const attested = await first.fix(PARALLEL, 'new-computer');
    expect(attested.outcome.recheck).toMatchObject({
      summary: expect.stringMatching(/^You recorded: /),
      recorded: { by: 'LAB\\admin', at: expect.stringMatching(/^20\d\d-/) },
    });
    expect((await first.probe(PARALLEL, 'old-forced-sync')).status).toBe('fail');
    await first.session.close();

    const again = await open('dirsync-64bit-large', { dataDir: first.dataDir });
    expect((await again.probe(PARALLEL, 'path')).status).toBe('pass');
    expect((await again.probe(PARALLEL, 'new-computer')).status).toBe('pass');
    expect((await again.probe(PARALLEL, 'old-forced-sync')).status).toBe('fail');
    await again.session.close();
  });
});

describe('the sync account (memory lab directory)', () => {
  it('restores a deleted MSOL_AD_SYNC from the deleted objects, warning what a restore without the Recycle Bin loses', async () => {
    const s = await open('dirsync-account-deleted');
    expect((await s.probe(IN_PLACE, 'sync-account')).summary).toMatch(/MSOL_AD_SYNC was deleted/);
    const r = await s.fix(IN_PLACE, 'sync-account');
    expect(r.plan.changes[0]!.to).toBe('CN=MSOL_AD_SYNC,CN=Users,DC=lab,DC=example,DC=com');
    expect(r.plan.warnings?.join(' ')).toMatch(/configuration wizard/);
    expect(r.outcome.recheck).toMatchObject({ status: 'pass' });
    await s.session.close();
  });
});

describe('the account in use (memory lab directory)', () => {
  it('read on the server: the configured account is judged, named with where it was read', async () => {
    // Windows Server 2012 R2: the different-computer path is the one that judges this server.
    const s = await open('dirsync-account-moved');
    const v = await s.probe(PARALLEL, 'sync-account');
    expect(v.summary).toBe('MSOL_AD_SYNC was moved out of the Users container; sync fails until it is back.');
    expect(v.evidence.find((e) => e.label === 'Account in use')).toMatchObject({
      value: 'lab.example.com\\MSOL_AD_SYNC',
      source: expect.stringMatching(/sync engine database/),
    });
    await s.session.close();
  });

  it('an AADSync account chosen at install (not MSOL_) is looked up by its name and judged on being there, wherever it lives', async () => {
    const scenario = JSON.parse(fs.readFileSync(path.resolve('assets/scenarios/aadsync-installed.json'), 'utf8'));
    scenario.accounts.push({ sAMAccountName: 'svc-aadsync', container: 'OU=Service Accounts' });
    scenario.connectors = { ad: { loginUser: 'LAB\\svc-aadsync' } };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-custom-')), 'aadsync-custom.json');
    fs.writeFileSync(file, JSON.stringify(scenario));
    const s = await open('aadsync-installed', { labScenarioFile: file });
    const v = await s.probe(PARALLEL, 'sync-account');
    expect(v).toMatchObject({
      status: 'pass',
      summary:
        "svc-aadsync, the account chosen at install, exists (CN=svc-aadsync,OU=Service Accounts,DC=lab,DC=example,DC=com); only the tool's own MSOL_ accounts must stay in the Users container.",
    });
    expect(v.evidence.find((e) => e.label === 'Account in use')!.value).toMatch(/\\svc-aadsync$/);
    expect(v.evidence.map((e) => e.label)).toEqual(expect.arrayContaining(['svc-aadsync', 'MSOL_5e6f7a8b9c0d']));
    expect(await s.plan(IN_PLACE, 'sync-account')).toBeNull();
    await s.session.close();
  });

  it('not readable: every MSOL_ candidate with its dates, the most likely named with the reason', async () => {
    const s = await open('dirsync-account-unreadable');
    const v = await s.probe(IN_PLACE, 'sync-account');
    expect(v.summary).toMatch(/The account in use could not be read on the server, so the app judged the most likely of 2 MSOL_ accounts: MSOL_\w+, because /);
    expect(v.evidence.find((e) => e.label === 'Account in use')!.value).toMatch(/^not readable on the server: DirSync's sync engine database .* Login failed/);
    for (const sam of ['MSOL_AD_SYNC', 'MSOL_0c1d2e3f4a5b']) {
      expect(v.evidence.find((e) => e.label === sam)?.value, sam).toMatch(
        /; created 20\d\d-\d\d-\d\d, password set 20\d\d-\d\d-\d\d, last sign-in never recorded$/,
      );
    }
    await s.session.close();
  });
});

describe('deletion gap on the last step (memory lab directory)', () => {
  it('takes the snapshot, then lists what was deleted since and asks for the cloud clean-up', async () => {
    const s = await open('dirsync-32bit-event-109');
    expect((await s.probe(UNINSTALL, 'gap-deletions')).status).toBe('fail');
    const snap = await s.fix(UNINSTALL, 'gap-snapshot');
    expect(snap.outcome.recheck?.status).toBe('pass');
    expect((await s.probe(UNINSTALL, 'gap-deletions')).status).toBe('pass');
    const msol = await s.session.ports().directory!.findAccount('MSOL_AD_SYNC');
    const dir = s.session.ports().directory as unknown as { labAdmin(): { deleteUser(dn: string): Promise<void> } };
    await dir.labAdmin().deleteUser(msol!.dn);
    const v = await s.probe(UNINSTALL, 'gap-deletions');
    expect(v.status).toBe('fail');
    expect(v.evidence.map((e) => e.value).join('\n')).toContain(msol!.objectGuid);
    const cleaned = await s.fix(UNINSTALL, 'gap-deletions');
    expect(cleaned.outcome.recheck?.status).toBe('pass');
    await s.session.close();
  });
});

(lab ? describe : describe.skip)('the sync account against the Samba lab DC', () => {
  it('moves a moved MSOL_<hex> account back to CN=Users, showing the DN change, and re-checks', async () => {
    const password = fs.readFileSync(lab!.passwordFile, 'utf8').trim();
    const s = await open('dirsync-msol-hex-moved', {
      labDirectory: { kind: 'ldap', connection: { url: lab!.url, bindDn: lab!.bindDn, password, caFile: lab!.caFile, serverName: lab!.serverName } },
    });
    const before = await s.probe(IN_PLACE, 'sync-account');
    expect(before.summary).toMatch(/^MSOL_3f9a1c0b7d2e was moved out of the Users container/);
    const r = await s.fix(IN_PLACE, 'sync-account');
    expect(r.plan.changes[0]).toMatchObject({
      property: 'distinguishedName',
      from: 'CN=MSOL_3f9a1c0b7d2e,OU=Service Accounts,DC=lab,DC=example,DC=com',
      to: 'CN=MSOL_3f9a1c0b7d2e,CN=Users,DC=lab,DC=example,DC=com',
    });
    expect(r.outcome.fix.ok).toBe(true);
    expect(r.outcome.recheck).toMatchObject({ status: 'pass' });
    expect((await s.session.ports().directory!.findAccount('MSOL_3f9a1c0b7d2e'))!.parentDn).toMatch(/^CN=Users,/i);
    await s.session.close();
  });
});

describe('a path that moves sync to another server', () => {
  // Both DirSync services stopped on purpose, as the path does on the old server before its uninstall.
  async function stoppedOldTool(choose: boolean) {
    const s = await open('dirsync-64bit-small');
    if (choose) await s.fix(PARALLEL, 'path');
    for (const name of ['MSOnlineSyncScheduler', 'FIMSynchronizationService']) await s.session.ports().host.stopService(name);
    return s;
  }

  it('without a path chosen, the stopped services are a finding with a start offered (the control)', async () => {
    const s = await stoppedOldTool(false);
    expect(await s.probe(KB2882421_ID, STEP.servicesRunning)).toMatchObject({ status: 'fail', cause: 'sync-service-stopped' });
    expect(await s.plan(KB2882421_ID, STEP.servicesRunning)).toMatchObject({ actionId: expect.stringMatching(/start/) });
  });

  it('once chosen, neither the step nor the planner nor the diagnosis offers to start the old tool again', async () => {
    const s = await stoppedOldTool(true);
    const verdict = await s.probe(KB2882421_ID, STEP.servicesRunning);
    expect(verdict).toMatchObject({
      status: 'not-applicable',
      summary: expect.stringMatching(/^The upgrade under way \(Update using a different computer, Recorded by LAB\\admin at .+\) moves sync to another server/),
    });
    expect(await s.plan(KB2882421_ID, STEP.servicesRunning)).toBeNull();
    const ids = (await runDiagnosis(s.session.ports())).map((f) => f.id);
    expect(ids).not.toContain('sync-service-stopped');
    expect(ids.some((id) => id.startsWith(PARALLEL) || id.startsWith('dirsync-'))).toBe(true); // the upgrade's own finding speaks for the server
  });
});
