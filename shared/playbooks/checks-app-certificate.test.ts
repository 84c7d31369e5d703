// Certificate health of application sign-in (issue 17): 1011 (70 % of its life) and 1012 (expired),
// rotation stalled while the scheduler is suspended, and the logon-account trap.
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../domain/host';
import { checkAppCertificate } from './checks-app-certificate';
import { KB2882421 } from './kb2882421';
import { STEP } from './kb2882421-ids';
import type { AppCertificateProbe } from './probes';

const NOW = '2026-12-06T12:00:00.000Z';
const event = (id: number, hoursAgo: number): EventRecord => ({
  log: 'Application',
  source: 'ADSync',
  id,
  level: id === 1012 ? 'error' : 'warning',
  timeCreated: new Date(Date.parse(NOW) - hoursAgo * 3600_000).toISOString(),
  message: `certificate event ${id}`,
});
const probe = (over: Partial<AppCertificateProbe> = {}): AppCertificateProbe => ({
  generation: 'entra-connect',
  identityType: 'application',
  events: [],
  schedulerSuspended: false,
  logonAccount: 'NT SERVICE\\ADSync',
  originalLogonAccount: 'NT SERVICE\\ADSync',
  now: NOW,
  ...over,
});

describe('the application sign-in certificate', () => {
  it('passes without 1011 or 1012, and does not apply to a Sync_ user sign-in', () => {
    expect(checkAppCertificate(probe()).status).toBe('pass');
    expect(checkAppCertificate(probe({ identityType: 'service-account', events: [event(1012, 1)] })).status).toBe('not-applicable');
  });

  it('warns on 1011 and says renewal runs with the scheduler', () => {
    const r = checkAppCertificate(probe({ events: [event(1011, 2)] }));
    expect(r).toMatchObject({ status: 'warn', cause: 'app-certificate-expiring', severity: 'warning' });
    expect(r.summary).toMatch(/70 %/);
  });

  it('names the suspended scheduler as what stalls the renewal', () => {
    const r = checkAppCertificate(probe({ events: [event(1011, 2)], schedulerSuspended: true }));
    expect(r).toMatchObject({ status: 'warn', severity: 'error' });
    expect(r.summary).toMatch(/suspended/);
  });

  it('fails critical on 1012 (expired) and says how to make a new one', () => {
    const r = checkAppCertificate(probe({ events: [event(1012, 1), event(1011, 300)] }));
    expect(r).toMatchObject({ status: 'fail', cause: 'app-certificate-expired', severity: 'critical' });
    expect(r.summary).toMatch(/Configure application-based authentication/);
  });

  it("warns about the logon-account trap: the certificate is in the original account's store", () => {
    const r = checkAppCertificate(probe({ logonAccount: 'LAB\\svc-new' }));
    expect(r).toMatchObject({ status: 'warn', cause: 'app-certificate-logon-changed' });
    expect(r.summary).toMatch(/NT SERVICE\\ADSync/);
    expect(r.evidence.some((e) => e.label === 'Where the certificate is kept')).toBe(true);
  });

  it('the step explains rotation, the scheduler and the logon account', () => {
    const text = KB2882421.steps.find((s) => s.id === STEP.appCertificate)!.manual!.instructions.join(' ');
    for (const words of [/1011/, /1012/, /suspended/, /logon account/, /Configure application-based authentication/]) expect(text).toMatch(words);
  });
});
