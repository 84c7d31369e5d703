// Certificate health of application-based sign-in (issue 17; NOTES-windows §12.4, §3, §7): ADSync
// logs 1011 when the certificate has used 70 % of its life and 1012 when it expired. Connect rotates
// it by itself, but not while the scheduler is suspended; the certificate lives in the sync service
// account's own store, so a changed logon account no longer finds it.
import type { EventRecord } from '../domain/host';
import { eventEvidence, type CheckResult } from './checks-method1';
import type { ProbeOutput } from './probes';
import type { Evidence } from './types';

export const CERT_EXPIRING_EVENT = 1011;
export const CERT_EXPIRED_EVENT = 1012;

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
const newest = (events: readonly EventRecord[], id: number) => events.find((e) => e.id === id) ?? null;

export function checkAppCertificate(o: ProbeOutput<'app-certificate'>): CheckResult {
  const expired = newest(o.events, CERT_EXPIRED_EVENT);
  const expiring = newest(o.events, CERT_EXPIRING_EVENT);
  const logonChanged = o.logonAccount !== null && o.originalLogonAccount !== null && o.logonAccount.toLowerCase() !== o.originalLogonAccount.toLowerCase();
  const evidence: Evidence[] = [
    ev(
      'Signs in to Entra ID as',
      o.identityType === 'application' ? 'an application (certificate)' : o.identityType === 'service-account' ? 'the Sync_ user' : 'unknown',
      'Get-ADSyncEntraConnectorCredential',
    ),
    ev('Scheduler suspended', o.schedulerSuspended === null ? 'unknown' : o.schedulerSuspended ? 'yes' : 'no', 'Get-ADSyncScheduler'),
    ev(
      'Where the certificate is kept',
      `the certificate store of the sync service's account${o.logonAccount ? ` (${o.logonAccount})` : ''}`,
      'how application sign-in stores its key',
    ),
    ...(logonChanged ? [ev('Logon account', `${o.logonAccount}, installed as ${o.originalLogonAccount}`, 'service configuration')] : []),
    ...[expired, expiring].filter((e): e is EventRecord => e !== null).map(eventEvidence),
  ];
  if (o.generation !== 'entra-connect' || o.identityType !== 'application') {
    return {
      status: 'not-applicable',
      summary: 'This server does not sign in to Entra ID with an application certificate, so there is no certificate to check.',
      evidence,
    };
  }
  const trap = logonChanged
    ? ` The sync service now logs on as ${o.logonAccount}, not ${o.originalLogonAccount}: the certificate is in the original account's store, so the service cannot find it. Put the original logon back (Method 2 step 2).`
    : '';
  const stalled = o.schedulerSuspended
    ? ' The scheduler is suspended, and the certificate is renewed only while it runs: close the configuration wizard (or finish the upgrade) so the scheduler resumes.'
    : '';
  if (expired && (!expiring || Date.parse(expired.timeCreated) >= Date.parse(expiring.timeCreated))) {
    return {
      status: 'fail',
      cause: 'app-certificate-expired',
      severity: 'critical',
      fixable: false,
      evidence,
      summary: `The certificate the server signs in to Entra ID with has expired (event 1012): sync to Entra ID stops.${stalled}${trap} Once the scheduler runs, rotate it with the configuration wizard ("Configure application-based authentication") and check again.`,
    };
  }
  if (expiring) {
    return {
      status: 'warn',
      cause: 'app-certificate-expiring',
      severity: o.schedulerSuspended || logonChanged ? 'error' : 'warning',
      fixable: false,
      evidence,
      summary: `The sign-in certificate has used 70 % of its life (event 1011). Connect renews it by itself while the scheduler runs.${stalled}${trap}${stalled || trap ? '' : ' Check again after the next sync cycles: a renewed certificate logs no new 1011.'}`,
    };
  }
  if (logonChanged) {
    return {
      status: 'warn',
      cause: 'app-certificate-logon-changed',
      severity: 'warning',
      fixable: false,
      evidence,
      summary: `No certificate warning so far, but${trap.replace(/^ The/, ' the')}`,
    };
  }
  return { status: 'pass', summary: 'No certificate warning (1011) or expiry (1012) in 30 days: the sign-in certificate is current.', evidence };
}
