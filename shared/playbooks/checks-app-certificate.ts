// Certificate health of application-based sign-in (issue 17; NOTES-windows §12.4, §3, §7). Microsoft's
// page "Authenticate to Microsoft Entra ID by using application identity" says: ADSync logs 1011 when
// the certificate is due for rotation (150 days or fewer left) and 1012 once it expired; Connect
// rotates a certificate it manages by itself, through the scheduler, so not while the scheduler is
// suspended; that certificate is kept in the CURRENT_USER store of the sync service's account (a
// changed logon account no longer finds it); a certificate the administrator brings is kept in the
// LOCAL_MACHINE store and rotated by the administrator. The notes also give "70 % of its life used"
// as the warning point; both count here, whichever comes first.
// The certificate's own dates are read where the connector names it (Get-DsdAppCertificate.ps1);
// where they are not (no thumbprint property on this build, store not loaded), the events decide.
import type { AppCertificate, EventRecord } from '../domain/host';
import { eventEvidence, type CheckResult } from './checks-method1';
import type { ProbeOutput } from './probes';
import type { Evidence } from './types';

export const CERT_EXPIRING_EVENT = 1011;
export const CERT_EXPIRED_EVENT = 1012;
/** The key is kept in software: no TPM was used (a warning, not a fault). */
export const CERT_NO_TPM_EVENT = 1014;
/** Connect warns (1011) from this many days before expiry. */
export const ROTATION_DUE_DAYS = 150;
/** ... or once this share of the certificate's life is used. */
export const ROTATION_DUE_LIFE_USED = 0.7;

const DAY = 24 * 3600_000;
const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
const newest = (events: readonly EventRecord[], id: number) => events.find((e) => e.id === id) ?? null;
const day = (iso: string) => iso.slice(0, 10);

/** How far the certificate is through its life at `now`. */
export function certificateLife(c: Pick<AppCertificate, 'notBefore' | 'notAfter'>, now: Date) {
  const from = Date.parse(c.notBefore);
  const until = Date.parse(c.notAfter);
  const daysLeft = Math.floor((until - now.getTime()) / DAY);
  const usedShare = Math.min(1, Math.max(0, (now.getTime() - from) / (until - from)));
  const expired = now.getTime() >= until;
  return { daysLeft, usedShare, expired, due: !expired && (daysLeft <= ROTATION_DUE_DAYS || usedShare >= ROTATION_DUE_LIFE_USED) };
}

function whereKept(c: AppCertificate | null, logonAccount: string | null): string {
  if (c?.store === 'local-machine') return "the computer's personal store (a certificate you brought: you rotate it)";
  if (c) return `the personal store of ${c.account}, the account the sync service runs as`;
  return `the certificate store of the sync service's account${logonAccount ? ` (${logonAccount})` : ''}`;
}

export function checkAppCertificate(o: ProbeOutput<'app-certificate'>): CheckResult {
  const cert = o.certificate ?? null;
  const now = new Date(o.now);
  // Events from before this certificate's start speak of the one it replaced.
  const current = cert ? o.events.filter((e) => Date.parse(e.timeCreated) >= Date.parse(cert.notBefore)) : o.events;
  const replaced = o.events.length - current.length;
  const expiredEvent = newest(current, CERT_EXPIRED_EVENT);
  const expiringEvent = newest(current, CERT_EXPIRING_EVENT);
  const noTpm = newest(o.events, CERT_NO_TPM_EVENT);
  const life = cert ? certificateLife(cert, now) : null;
  const logonChanged = o.logonAccount !== null && o.originalLogonAccount !== null && o.logonAccount.toLowerCase() !== o.originalLogonAccount.toLowerCase();
  const evidence: Evidence[] = [
    ev(
      'Signs in to Entra ID as',
      o.identityType === 'application' ? 'an application (certificate)' : o.identityType === 'service-account' ? 'the Sync_ user' : 'unknown',
      'Get-ADSyncEntraConnectorCredential',
    ),
    ev('Scheduler suspended', o.schedulerSuspended === null ? 'unknown' : o.schedulerSuspended ? 'yes' : 'no', 'Get-ADSyncScheduler'),
    ev('Where the certificate is kept', whereKept(cert, o.logonAccount), cert ? 'certificate store' : 'how application sign-in stores its key'),
    ...(cert && life
      ? [
          ev('Certificate thumbprint', cert.thumbprint, 'certificate store'),
          ev('Valid', `${day(cert.notBefore)} to ${day(cert.notAfter)}`, 'certificate store'),
          ev(
            'Life left',
            life.expired ? `expired ${-life.daysLeft} days ago` : `${life.daysLeft} days (${Math.round(life.usedShare * 100)} % of its life used)`,
            'certificate dates',
          ),
        ]
      : o.certificateProblem
        ? [ev('Certificate dates', `not read: ${o.certificateProblem} The events below decide.`, 'Get-ADSyncEntraConnectorCredential / certificate store')]
        : []),
    ...(logonChanged ? [ev('Logon account', `${o.logonAccount}, installed as ${o.originalLogonAccount}`, 'service configuration')] : []),
    ...[expiredEvent, expiringEvent].filter((e): e is EventRecord => e !== null).map(eventEvidence),
    ...(replaced ? [ev('Older certificate events', `${replaced}, from before this certificate was issued (about the one it replaced)`, 'ADSync events')] : []),
    ...(noTpm ? [ev('Key protection', 'in software: no TPM was used (event 1014)', 'ADSync events')] : []),
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
  const yours = cert?.store === 'local-machine';
  const expired = life ? life.expired : !!expiredEvent && (!expiringEvent || Date.parse(expiredEvent.timeCreated) >= Date.parse(expiringEvent.timeCreated));
  if (expired) {
    return {
      status: 'fail',
      cause: 'app-certificate-expired',
      severity: 'critical',
      fixable: false,
      evidence,
      summary: `The certificate the server signs in to Entra ID with has expired (${cert ? `on ${day(cert.notAfter)}` : 'event 1012'}): sync to Entra ID stops.${stalled}${trap} ${
        yours
          ? 'It is a certificate you brought: make a new one and rotate to it (Invoke-ADSyncApplicationCredentialRotation with its SHA256 hash).'
          : 'Once the scheduler runs, make a new one with the configuration wizard: Additional tasks, "Rotate application certificate".'
      } Then check again.`,
    };
  }
  const due = life ? life.due : !!expiringEvent;
  if (due) {
    const how = life
      ? `${life.daysLeft} days are left (until ${day(cert!.notAfter)}), ${Math.round(life.usedShare * 100)} % of its life is used`
      : 'event 1011: 150 days or fewer are left';
    const renewal = yours
      ? ' It is a certificate you brought, which Connect does not renew: make a new one and rotate to it (Invoke-ADSyncApplicationCredentialRotation with its SHA256 hash).'
      : ` Connect renews it by itself at a scheduled sync cycle while the scheduler runs.${stalled}${trap}${stalled || trap ? '' : ' Check again after the next sync cycle: the renewed certificate has new dates.'}`;
    return {
      status: 'warn',
      cause: 'app-certificate-expiring',
      severity: o.schedulerSuspended || logonChanged ? 'error' : 'warning',
      fixable: false,
      evidence,
      summary: `The sign-in certificate is due for rotation (${how}).${renewal}`,
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
  return {
    status: 'pass',
    summary:
      cert && life
        ? `The sign-in certificate is current: valid until ${day(cert.notAfter)} (${life.daysLeft} days left), kept in ${whereKept(cert, o.logonAccount)}.`
        : 'No certificate warning (1011) or expiry (1012) in 30 days: the sign-in certificate is current.',
    evidence,
  };
}
