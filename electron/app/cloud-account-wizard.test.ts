// KB 2882421 Method 1 step 4: the app cannot reset a cloud password, but it offers to open the
// configuration wizard on the server, with a confirmation and the audit log's before and after;
// the re-check says the wizard is open, and the next export after it closes proves the fix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB2882421_ID, STEP } from '../../shared/playbooks/kb2882421-ids';
import type { ApplyOutcome, PlannedChange, Verdict } from '../../shared/playbooks/types';
import { dispatch } from '../ipc/dispatch';
import type { HostPort } from '../ports/host-port';
import { createAppSession } from './session';

const step = { playbookId: KB2882421_ID, stepId: STEP.cloudAccount };

describe('cloud account: open the configuration wizard', () => {
  it('plans, opens with confirmation, audits, and is proven by the next export', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-wizard-'));
    const session = await createAppSession({ dataDir, mode: 'lab', scenarioId: 'cloud-credential-invalid', appVersion: 'test', labTransitionMs: 1 });
    const call = async <T>(channel: Parameters<typeof dispatch>[1], req: unknown) => {
      const r = await dispatch(session.handlers, channel, req);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as T;
    };
    try {
      expect(await call<Verdict>('step:probe', step)).toMatchObject({ status: 'fail', cause: 'cloud-account-sign-in-failed' });
      const plan = await call<PlannedChange>('step:plan', step);
      expect(plan).toMatchObject({ actionId: 'connect.open-wizard', destructive: false, title: 'Open the configuration wizard on the server' });
      expect(plan.changes.map((c) => `${c.target}: ${c.from} → ${c.to}`)).toEqual([
        'Microsoft Entra Connect configuration wizard: closed → open',
        'Sync scheduler: on schedule → suspended until the wizard is closed',
      ]);
      const host = session.ports().host as HostPort & { wizardFinished(): Promise<void> };
      expect((await host.scheduler()).schedulerSuspended).toBe(false); // planning changed nothing

      const outcome = await call<ApplyOutcome>('step:apply', { planId: plan.planId });
      expect(outcome.fix).toMatchObject({ ok: true });
      expect(outcome.fix.evidence[0]!.value).toMatch(/AzureADConnect\.exe$/);
      // The re-check knows the wizard is open: not "fixed", not a second "fix this".
      expect(outcome.recheck).toMatchObject({ status: 'unknown', summary: expect.stringContaining('wizard is open') });
      const audit = fs
        .readFileSync(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(audit.map((l) => l.phase)).toEqual(['start', 'end']);
      expect(audit[0]).toMatchObject({
        action: 'connect.open-wizard',
        planned: [{ from: 'closed', to: 'open' }, { to: 'suspended until the wizard is closed' }],
      });
      expect(audit[1]).toMatchObject({ result: 'succeeded', recheck: { status: 'unknown' } });

      // The admin finishes the wizard (the lab stands for that); its last page starts a sync
      // ("Start the synchronization process when configuration completes"), whose export proves the password.
      await host.wizardFinished();
      const runs = await host.connectorRuns();
      expect(runs.connectors.flatMap((c) => c.latestRuns).find((r) => r.profile === 'Export' && r.connectorType === 'entra')?.result).toBe('success');
      // The password works again, but the server still signs in as its Sync_ user: the 7 April
      // 2027 stop is the step's warning now, and the wizard is offered for application sign-in.
      expect(await call<Verdict>('step:probe', step)).toMatchObject({
        status: 'warn',
        cause: 'application-auth-required',
        summary: expect.stringContaining('7 April 2027'),
      });
      const appPlan = await call<PlannedChange>('step:plan', step);
      expect(appPlan).toMatchObject({ actionId: 'connect.open-wizard', title: expect.stringContaining('application-based authentication') });
      expect(appPlan.warnings!.join(' ')).toMatch(/Configure application-based authentication/);
      expect((await call<ApplyOutcome>('step:apply', { planId: appPlan.planId })).fix).toMatchObject({ ok: true });
      await host.wizardFinished();
      expect(await call<Verdict>('step:probe', step)).toMatchObject({ status: 'pass', summary: expect.stringContaining('signs in as an application') });
      expect(
        fs
          .readFileSync(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(4);
    } finally {
      await session.close();
    }
  });

  it('is not offered where it cannot help: a healthy account, DirSync', async () => {
    for (const scenarioId of ['healthy-entra-connect', 'dirsync-64bit-small']) {
      const session = await createAppSession({
        dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-wizard-')),
        mode: 'lab',
        scenarioId,
        appVersion: 'test',
        labTransitionMs: 1,
      });
      const r = await dispatch(session.handlers, 'step:plan', step);
      expect(r).toMatchObject({ ok: true, value: null });
      await session.close();
    }
  });
});
