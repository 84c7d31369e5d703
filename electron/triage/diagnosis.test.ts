// A fact that could not be read is the failing step's own finding: it opens that step, says in
// words what the app needs, and the step's "Check again" runs the same probe once the cause is gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStep } from '../../shared/playbooks/index';
import { KB2882421_ID, STEP } from '../../shared/playbooks/kb2882421-ids';
import { checkStep } from './check-step';
import { createAppSession } from '../app/session';
import { HostError } from '../ports/errors';
import type { HostPort } from '../ports/host-port';
import type { PortContext } from '../probes/context';
import { runDiagnosis } from './diagnosis';

async function labPorts(scenarioId: string): Promise<PortContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-diagnosis-'));
  const session = await createAppSession({ dataDir, mode: 'lab', scenarioId, appVersion: 'test', labTransitionMs: 1 });
  return session.ports();
}

/** The same host, with some reads failing or never answering. */
function withFaults(host: HostPort, faults: Partial<Record<keyof HostPort, 'not-elevated' | 'hang'>>): HostPort {
  return new Proxy(host, {
    get(t, prop, receiver) {
      const fault = faults[prop as keyof HostPort];
      if (fault === 'not-elevated')
        return async () => {
          throw new HostError('not-elevated', 'Access is denied.');
        };
      if (fault === 'hang') return () => new Promise(() => {});
      const v = Reflect.get(t, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

describe('a probe that could not run', () => {
  it("is the step's own finding, in words with what the app needs, and Check again reads it once the cause is gone", async () => {
    const ports = await labPorts('adfs-on-sync-server');
    const faulty = { ...ports, host: withFaults(ports.host, { adfsInstalled: 'not-elevated', scheduler: 'hang' }) };
    const findings = await runDiagnosis(faulty, undefined, 300);

    const adfs = findings.find((f) => f.fixedBy?.stepId === STEP.adfsApart);
    expect(adfs).toMatchObject({
      id: `${KB2882421_ID}-${STEP.adfsApart}-unknown`,
      severity: 'warning',
      fixedBy: { playbookId: KB2882421_ID, stepId: STEP.adfsApart },
    });
    expect(adfs!.title).toMatch(/Run as administrator/);
    expect(adfs!.title).not.toMatch(/Access is denied/); // words, not the raw error (kept in the evidence)
    expect(adfs!.evidence).toEqual([expect.objectContaining({ value: 'not-elevated: Access is denied.' })]);

    // Opened, the step says the same: "unknown" in words, which offers its retry and never a fix.
    const opened = await checkStep(faulty, findStep(KB2882421_ID, STEP.adfsApart)!);
    expect(opened).toMatchObject({ status: 'unknown', summary: expect.stringContaining('Run as administrator') });

    const scheduler = findings.find((f) => f.fixedBy?.stepId === STEP.scheduler);
    expect(scheduler?.id).toBe(`${KB2882421_ID}-${STEP.scheduler}-could-not-check`);
    expect(scheduler!.title).toMatch(/did not answer within 0.3 s/);
    // Nothing else was lost: the other steps still judged the server (the healthy ones pass).
    expect(findings.filter((f) => !/-(could-not-check|unknown)$/.test(f.id))).toEqual([]);

    // The step's retry runs the same probe: with the rights back, it reads AD FS and judges it
    // (beside Connect that is information, not a fault).
    const retried = await checkStep(ports, findStep(KB2882421_ID, STEP.adfsApart)!);
    expect(retried).toMatchObject({ status: 'pass', summary: expect.stringContaining('AD FS runs on this server too') });
  });

  it('no rule outside the playbooks remains: a healthy server has no finding at all', async () => {
    expect(await runDiagnosis(await labPorts('healthy-entra-connect'))).toEqual([]);
  });
});
