// KB 2882421 Method 2 checks: the account the sync services log on as, per kind. A domain
// user is looked up in Active Directory, a local user (DirSync's AAD_…) among the server's
// local accounts; virtual and managed accounts have no password to manage; LocalSystem is not
// supported. When the directory or the server cannot be asked, the verdict is "unknown" with
// the reason in words: a fix never runs on facts that could not be read.
import { LOGON_KIND_WORDS } from './engine';
import { passwordResetGuard } from './build-guards';
import { aboutService, eventEvidence, isLogonFailureEvent, type CheckResult } from './checks-method1';
import type { LogonAccountProbe } from './probes';
import type { Evidence } from './types';

const ev = (label: string, value: string, source: string | null = null): Evidence => ({ label, value, source });
const AD = 'Active Directory';
/** The cause of an "unknown" that only waits for an earlier step (which has its own finding). */
export const WAITS = 'waits-for-earlier-step';

function logonEvidence(o: LogonAccountProbe): Evidence[] {
  if (!o.engine) return [];
  const { service, logon } = o.engine;
  const out = [
    ev('Service', `${service.displayName} (${service.name}), ${service.state}`, `service ${service.name}`),
    ev('Logs on as', `${logon.account} (${LOGON_KIND_WORDS[logon.kind]})`, `service ${service.name}`),
  ];
  if (logon.original)
    out.push(ev('Installed with', `${logon.original.account} (${LOGON_KIND_WORDS[logon.original.kind]})`, 'service install record (event 7045)'));
  if (o.sameAccount.length > 1) out.push(ev('Services using this account', o.sameAccount.map((s) => s.service.name).join(', '), 'services'));
  return out;
}

export function checkLogonKind(o: LogonAccountProbe): CheckResult {
  const evidence = logonEvidence(o);
  if (o.generation === 'none' || !o.engine) return { status: 'not-applicable', summary: 'No sync engine service is installed on this server.', evidence };
  const { service, logon } = o.engine;
  const original = logon.original;
  const changed = !!original && original.account.toLowerCase() !== logon.account.toLowerCase();
  const canPutBack = changed && original.kind !== 'local-system';
  if (logon.kind === 'local-system') {
    return {
      status: 'fail',
      cause: 'service-logon-localsystem',
      severity: 'critical',
      fixable: canPutBack,
      summary:
        `${service.displayName} logs on as LocalSystem. Running the sync services as LocalSystem is not supported and breaks them; ` +
        (canPutBack
          ? `the fix puts back the account it was installed with (${original.account}).`
          : 'the account it was installed with is not known here: set it back in Services (Log On tab), or reinstall the sync tool. The app never sets LocalSystem.'),
      evidence,
    };
  }
  if (changed) {
    return {
      status: 'fail',
      cause: 'service-logon-changed',
      severity: 'critical',
      fixable: canPutBack,
      summary:
        `${service.displayName} was installed to log on as ${original.account} but now logs on as ${logon.account}. Changing the sync ` +
        "service's account after installation is not supported (the engine's encryption key and database access belong to the original one): put the original back.",
      evidence,
    };
  }
  if (logon.kind === 'virtual' || logon.kind === 'managed' || logon.kind === 'builtin') {
    return {
      status: 'pass',
      summary: `${service.displayName} logs on as ${logon.account}, a ${LOGON_KIND_WORDS[logon.kind]}: Windows manages its password, so there is no password to reset.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    summary: `${service.displayName} logs on as the ${LOGON_KIND_WORDS[logon.kind]} ${logon.account}; the next steps check that account.`,
    evidence,
  };
}

/** The account's facts for a user kind, or a verdict when they are not there to be read. */
type UserFacts =
  | { kind: 'domain'; account: NonNullable<Extract<NonNullable<LogonAccountProbe['domain']>, { ok: true }>['value']['account']> }
  | { kind: 'local'; user: NonNullable<Extract<NonNullable<LogonAccountProbe['local']>, { ok: true }>['value']['user']> };

function userFacts(o: LogonAccountProbe): UserFacts | CheckResult {
  const evidence = logonEvidence(o);
  const kind = o.engine?.logon.kind;
  if (!o.engine || (kind !== 'domain-user' && kind !== 'local-user')) {
    return {
      status: 'not-applicable',
      summary: `The service does not log on as a user account${kind ? ` (it is a ${LOGON_KIND_WORDS[kind]})` : ''}: no password of its own to check.`,
      evidence,
    };
  }
  if (kind === 'domain-user') {
    if (!o.domain)
      return { status: 'unknown', summary: 'Not connected to Active Directory: sign in to the directory on the start page, then check again.', evidence };
    if (!o.domain.ok)
      return { status: 'unknown', summary: `Active Directory could not be asked about ${o.engine.logon.account}: ${o.domain.reason}`, evidence };
    if (!o.domain.value.account)
      return {
        status: 'unknown',
        cause: WAITS,
        summary: `${o.engine.logon.account} was not found in Active Directory; settle step 3 (the account exists) first.`,
        evidence,
      };
    return { kind: 'domain', account: o.domain.value.account };
  }
  if (!o.local) return { status: 'unknown', summary: 'The local accounts of the server were not read.', evidence };
  if (!o.local.ok) return { status: 'unknown', summary: `The server's local account ${o.engine.logon.account} could not be read: ${o.local.reason}`, evidence };
  if (!o.local.value.user)
    return { status: 'unknown', cause: WAITS, summary: `${o.engine.logon.account} is not among the server's local accounts; settle step 3 first.`, evidence };
  return { kind: 'local', user: o.local.value.user };
}

function accountEvidence(o: LogonAccountProbe, f: UserFacts): Evidence[] {
  const out = logonEvidence(o);
  if (f.kind === 'domain') {
    const a = f.account;
    out.push(
      ev('Account', a.dn, AD),
      ev('Disabled', a.flags.disabled ? 'yes' : 'no', `${AD}: userAccountControl`),
      ev('Locked out', a.flags.lockedOut ? 'yes' : 'no', AD),
      ev('Password expired', a.flags.passwordExpired || a.flags.mustChangePassword ? 'yes' : 'no', `${AD}: msDS-User-Account-Control-Computed, pwdLastSet`),
      ev('Password never expires', a.flags.passwordNeverExpires ? 'yes' : 'no', `${AD}: userAccountControl`),
      ev('Password last set', a.pwdLastSet ?? 'never (must change at next logon)', `${AD}: pwdLastSet`),
    );
  } else {
    const u = f.user;
    const src = 'local account of the server';
    out.push(
      ev('Account', u.name, src),
      ev('Disabled', u.enabled ? 'no' : 'yes', src),
      ev('Locked out', u.lockedOut ? 'yes' : 'no', src),
      ev('Password expired', u.passwordExpired ? 'yes' : 'no', src),
      ev('Password never expires', u.passwordNeverExpires ? 'yes' : 'no', src),
      ev('Password last set', u.passwordLastSet ?? 'unknown', src),
    );
  }
  return out;
}

export function checkAccountExists(o: LogonAccountProbe): CheckResult {
  const evidence = logonEvidence(o);
  const kind = o.engine?.logon.kind;
  if (!o.engine || (kind !== 'domain-user' && kind !== 'local-user')) return userFacts(o) as CheckResult;
  const name = o.engine.logon.account;
  if (kind === 'local-user') {
    if (!o.local) return { status: 'unknown', summary: 'The local accounts of the server were not read.', evidence };
    if (!o.local.ok) return { status: 'unknown', summary: `The server's local accounts could not be read: ${o.local.reason}`, evidence };
    if (o.local.value.user)
      return {
        status: 'pass',
        summary: `The local account ${name} exists on this server (look for it in Local Users and Groups, not in Active Directory).`,
        evidence,
      };
    return {
      status: 'fail',
      cause: 'service-account-missing',
      severity: 'critical',
      fixable: false,
      evidence,
      summary: `The local account ${name} no longer exists on this server. A deleted local account cannot be restored: reinstall the sync tool.`,
    };
  }
  if (!o.domain)
    return { status: 'unknown', summary: 'Not connected to Active Directory: sign in to the directory on the start page, then check again.', evidence };
  if (!o.domain.ok) return { status: 'unknown', summary: `Active Directory could not be asked about ${name}: ${o.domain.reason}`, evidence };
  const { account, deleted, recycleBinEnabled } = o.domain.value;
  if (account)
    return { status: 'pass', summary: `${name} exists in Active Directory (${account.dn}).`, evidence: [...evidence, ev('Account', account.dn, AD)] };
  const last = deleted[0];
  if (last) {
    return {
      status: 'fail',
      cause: 'service-account-deleted',
      severity: 'critical',
      summary: `${name} was deleted from Active Directory. It is still among the deleted objects and can be restored to where it was${recycleBinEnabled ? '' : ' (without the AD Recycle Bin, with its password and group memberships lost)'}.`,
      evidence: [
        ...evidence,
        ev('Deleted object', last.dn, `${AD} (Deleted Objects)`),
        ev('Last known parent', last.lastKnownParent ?? 'unknown', AD),
        ev('AD Recycle Bin', recycleBinEnabled ? 'enabled' : 'not enabled', AD),
      ],
    };
  }
  return {
    status: 'fail',
    cause: 'service-account-missing',
    severity: 'critical',
    fixable: false,
    summary: `${name} does not exist in Active Directory and no deleted copy was found. It cannot be restored: reinstall the sync tool (KB 2882421 Method 2 step 3).`,
    evidence: [...evidence, ev('Account search', `no account and no deleted object named ${name}`, AD)],
  };
}

export function checkNeverExpires(o: LogonAccountProbe): CheckResult {
  const f = userFacts(o);
  if ('status' in f) return f;
  const evidence = accountEvidence(o, f);
  const never = f.kind === 'domain' ? f.account.flags.passwordNeverExpires : f.user.passwordNeverExpires;
  if (never) return { status: 'pass', summary: `The password of ${o.engine!.logon.account} never expires.`, evidence };
  return {
    status: 'warn',
    cause: 'service-account-password-can-expire',
    severity: 'warning',
    evidence,
    summary: `The password of ${o.engine!.logon.account} is set to expire: when it does, the sync services can no longer start. A sync service account's password should never expire.`,
  };
}

export function checkEnabled(o: LogonAccountProbe): CheckResult {
  const f = userFacts(o);
  if ('status' in f) return f;
  const evidence = accountEvidence(o, f);
  const name = o.engine!.logon.account;
  const disabled = f.kind === 'domain' ? f.account.flags.disabled : !f.user.enabled;
  const locked = f.kind === 'domain' ? f.account.flags.lockedOut : f.user.lockedOut;
  if (disabled) {
    return {
      status: 'fail',
      cause: 'service-account-disabled',
      severity: 'critical',
      evidence,
      summary: `${name} is disabled, so the sync services cannot log on with it.`,
    };
  }
  if (locked) {
    if (f.kind === 'domain' && f.account.lockoutTime) evidence.push(ev('Locked out since', f.account.lockoutTime, `${AD}: lockoutTime`));
    return {
      status: 'fail',
      cause: 'service-account-locked',
      severity: 'critical',
      evidence,
      summary:
        `${name} is locked out (too many wrong passwords, often from a service still holding an old one), so the sync services cannot log on with it. ` +
        `The fix unlocks it ${f.kind === 'domain' ? 'in Active Directory (lockoutTime set to 0)' : 'on this server'} and restarts the sync services; if a service still holds an old password, step 5 resets it.`,
    };
  }
  return { status: 'pass', summary: `${name} is enabled and not locked out.`, evidence };
}

export function checkPasswordCurrent(o: LogonAccountProbe): CheckResult {
  const f = userFacts(o);
  if ('status' in f) return f;
  const evidence = accountEvidence(o, f);
  const name = o.engine!.logon.account;
  const guard = passwordResetGuard(o.generation, o.version);
  if (guard) evidence.push(ev('Why the app will not reset it', `${guard.why} ${guard.byHand.join(' ')}`, guard.source));
  const expired = f.kind === 'domain' ? f.account.flags.passwordExpired || f.account.flags.mustChangePassword : f.user.passwordExpired;
  const fixable = !guard;
  const disabled = f.kind === 'domain' ? f.account.flags.disabled || f.account.flags.lockedOut : !f.user.enabled || f.user.lockedOut;
  if (disabled && !expired) {
    // A disabled or locked account fails every logon: the failures say nothing about the password yet.
    return {
      status: 'unknown',
      cause: WAITS,
      summary: `${name} is disabled or locked out, which explains the failed logons; settle step 4.2 first, then check this again.`,
      evidence,
    };
  }
  if (expired) {
    return {
      status: 'fail',
      cause: 'service-account-password-expired',
      severity: 'critical',
      fixable,
      evidence,
      summary: `The password of ${name} has expired, so the sync services cannot log on.`,
    };
  }
  // A service that holds a password AD no longer accepts fails to start with 7038 / 1069. Only
  // services that are not running count: a running one has logged on since (old events stay in the log).
  const stuck = o.sameAccount.filter((s) => s.service.state !== 'running');
  const failures = o.logonFailures.filter((e) => isLogonFailureEvent(e) && stuck.some((s) => aboutService(e, s.service)));
  if (failures.some((e) => e.id === 7038)) {
    failures.slice(0, 2).forEach((e) => evidence.push(eventEvidence(e)));
    return {
      status: 'fail',
      cause: 'service-account-password-mismatch',
      severity: 'critical',
      fixable,
      evidence,
      summary: `${name} is enabled and its password is current, yet ${stuck.map((s) => s.service.displayName).join(' and ')} cannot log on with it: the password was changed in ${f.kind === 'domain' ? 'AD' : 'the local account'} only, not on the services.`,
    };
  }
  return {
    status: 'pass',
    summary: `Nothing shows that the password of ${name} is out of date: it has not expired and no service failed to log on with it.`,
    evidence,
  };
}
