// Certificate health of application sign-in (issue 17): the certificate's own dates and store where
// they were read (due: 150 days or fewer left, or 70 % of its life used; expired), else 1011 (rotation
// due) and 1012 (expired); rotation stalled while the scheduler is suspended, and the logon-account trap.
import { describe, expect, it } from 'vitest';
import type { AppCertificate, EventRecord } from '../domain/host';
import { certificateLife, checkAppCertificate } from './checks-app-certificate';
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
  certificate: null,
  certificateProblem: null,
  schedulerSuspended: false,
  logonAccount: 'NT SERVICE\\ADSync',
  originalLogonAccount: 'NT SERVICE\\ADSync',
  now: NOW,
  ...over,
});

const daysFromNow = (d: number) => new Date(Date.parse(NOW) + d * 24 * 3600_000).toISOString();
/** A certificate Connect manages, issued `issuedDaysAgo` days ago and valid for `validDays`. */
const cert = (issuedDaysAgo: number, validDays: number, over: Partial<AppCertificate> = {}): AppCertificate => ({
  store: 'service-account',
  account: 'NT SERVICE\\ADSync',
  thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
  subject: 'CN=Entra Connect Sync Provisioning',
  notBefore: daysFromNow(-issuedDaysAgo),
  notAfter: daysFromNow(validDays - issuedDaysAgo),
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
    expect(r.summary).toMatch(/1011/);
    expect(r.summary).toMatch(/renews it by itself/);
  });

  it('names the suspended scheduler as what stalls the renewal', () => {
    const r = checkAppCertificate(probe({ events: [event(1011, 2)], schedulerSuspended: true }));
    expect(r).toMatchObject({ status: 'warn', severity: 'error' });
    expect(r.summary).toMatch(/suspended/);
  });

  it('fails critical on 1012 (expired) and says how to make a new one', () => {
    const r = checkAppCertificate(probe({ events: [event(1012, 1), event(1011, 300)] }));
    expect(r).toMatchObject({ status: 'fail', cause: 'app-certificate-expired', severity: 'critical' });
    expect(r.summary).toMatch(/Rotate application certificate/);
  });

  it("warns about the logon-account trap: the certificate is in the original account's store", () => {
    const r = checkAppCertificate(probe({ logonAccount: 'LAB\\svc-new' }));
    expect(r).toMatchObject({ status: 'warn', cause: 'app-certificate-logon-changed' });
    expect(r.summary).toMatch(/NT SERVICE\\ADSync/);
    expect(r.evidence.some((e) => e.label === 'Where the certificate is kept')).toBe(true);
  });

  it('the step explains rotation, the scheduler and the logon account', () => {
    const text = KB2882421.steps.find((s) => s.id === STEP.appCertificate)!.manual!.instructions.join(' ');
    for (const words of [/1011/, /1012/, /suspended/, /logon account/, /Rotate application certificate/, /150 days/]) expect(text).toMatch(words);
  });
});

describe("the certificate's own dates", () => {
  const now = new Date(NOW);

  it('counts a certificate due at 150 days left or at 70 % of its life, whichever comes first', () => {
    expect(certificateLife(cert(100, 400), now)).toMatchObject({ daysLeft: 300, due: false, expired: false });
    expect(certificateLife(cert(250, 400), now)).toMatchObject({ daysLeft: 150, due: true });
    // A long-lived certificate is due at 70 % used, though 300 days are left.
    expect(certificateLife(cert(700, 1000), now)).toMatchObject({ daysLeft: 300, due: true });
    expect(certificateLife(cert(400, 400), now)).toMatchObject({ expired: true, due: false });
  });

  it('passes on a current certificate and shows its store, thumbprint and dates, whatever old events say', () => {
    const r = checkAppCertificate(probe({ certificate: cert(10, 365), events: [event(1011, 24 * 12), event(1012, 24 * 11)] }));
    expect(r.status).toBe('pass');
    expect(r.summary).toMatch(/valid until/);
    const shown = Object.fromEntries(r.evidence.map((e) => [e.label, e.value]));
    expect(shown['Where the certificate is kept']).toMatch(/personal store of NT SERVICE\\ADSync/);
    expect(shown['Certificate thumbprint']).toBe('A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
    expect(shown['Older certificate events']).toMatch(/^2,/);
  });

  it('warns from the dates even before a 1011 is logged, and says the scheduler renews it', () => {
    const r = checkAppCertificate(probe({ certificate: cert(260, 400) }));
    expect(r).toMatchObject({ status: 'warn', cause: 'app-certificate-expiring', severity: 'warning' });
    expect(r.summary).toMatch(/140 days are left/);
    expect(r.summary).toMatch(/scheduled sync cycle/);
  });

  it('fails critical on an expired certificate from its dates, without any event', () => {
    const r = checkAppCertificate(probe({ certificate: cert(402, 400) }));
    expect(r).toMatchObject({ status: 'fail', cause: 'app-certificate-expired', severity: 'critical' });
    expect(r.summary).toMatch(/expired \(on \d{4}-\d{2}-\d{2}\)/);
  });

  it('a certificate the admin brought (computer store) is theirs to rotate: no promise of automatic renewal', () => {
    const r = checkAppCertificate(probe({ certificate: cert(260, 400, { store: 'local-machine', account: null }) }));
    expect(r.summary).toMatch(/Invoke-ADSyncApplicationCredentialRotation/);
    expect(r.summary).not.toMatch(/renews it by itself/);
  });

  it('keeps the suspended scheduler and the logon trap when the dates decide', () => {
    const r = checkAppCertificate(probe({ certificate: cert(260, 400), schedulerSuspended: true, logonAccount: 'LAB\\svc-new' }));
    expect(r).toMatchObject({ status: 'warn', severity: 'error' });
    expect(r.summary).toMatch(/suspended/);
    expect(r.summary).toMatch(/LAB\\svc-new/);
  });

  it('falls back to the events when the dates were not read, and says why', () => {
    const r = checkAppCertificate(
      probe({
        certificateProblem: 'Get-ADSyncEntraConnectorCredential names no certificate thumbprint or SHA256 hash on this build.',
        events: [event(1012, 1)],
      }),
    );
    expect(r).toMatchObject({ status: 'fail', cause: 'app-certificate-expired' });
    expect(r.evidence.find((e) => e.label === 'Certificate dates')?.value).toMatch(/not read: .*names no certificate thumbprint/);
  });

  it('shows a key kept without TPM (1014) as evidence, not as a fault', () => {
    const r = checkAppCertificate(probe({ certificate: cert(10, 365), events: [event(1014, 5)] }));
    expect(r.status).toBe('pass');
    expect(r.evidence.find((e) => e.label === 'Key protection')?.value).toMatch(/no TPM/);
  });
});
