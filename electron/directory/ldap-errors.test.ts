import {
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  StrongAuthRequiredError,
  UnwillingToPerformError,
} from 'ldapts';
import { describe, expect, it } from 'vitest';
import { DirectoryError } from '../ports/errors';
import { adBindReason, redact, toDirectoryError } from './ldap-errors';

// Diagnostic text exactly as AD / Samba send it for a refused simple bind.
const adBind = (data: string) => new InvalidCredentialsError(`80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1`);

describe('toDirectoryError', () => {
  it.each([
    ['52e', 'invalid-credentials'],
    ['525', 'invalid-credentials'],
    ['533', 'account-disabled'],
    ['532', 'password-expired'],
    ['773', 'must-change-password'],
    ['775', 'account-locked'],
    ['701', 'account-expired'],
  ] as const)('maps AD bind data %s to %s', (data, code) => {
    const err = toDirectoryError(adBind(data), { what: 'sign-in as svc' });
    expect(err.code).toBe(code);
    expect(err.message).toContain(`AD data ${data}`);
    expect(err.details).toMatchObject({ resultCode: 49, adReason: data });
  });

  it('maps a bind refusal without a data code to invalid-credentials', () => {
    expect(toDirectoryError(new InvalidCredentialsError('invalid credentials'), { what: 'bind' }).code).toBe('invalid-credentials');
  });

  it('maps result codes to what callers branch on', () => {
    expect(toDirectoryError(new InsufficientAccessError('00002098: SecErr'), { what: 'x' }).code).toBe('insufficient-rights');
    expect(toDirectoryError(new NoSuchObjectError('0000208D: NameErr'), { what: 'x' }).code).toBe('not-found');
    expect(toDirectoryError(new StrongAuthRequiredError('Transport encryption required.'), { what: 'x' }).code).toBe('tls-required');
    expect(toDirectoryError(new ConstraintViolationError('0000052D: Constraint violation - check_password_restrictions'), { what: 'x' }).code).toBe(
      'constraint',
    );
    expect(toDirectoryError(new UnwillingToPerformError('0000052D: SvcErr: DSID-031A1248, problem 5003 (WILL_NOT_PERFORM)'), { what: 'x' }).code).toBe(
      'constraint',
    );
    expect(toDirectoryError(new UnwillingToPerformError('00000057: LdapErr: something else'), { what: 'x' }).code).toBe('ldap-error');
  });

  it('maps certificate and network failures', () => {
    const tlsErr = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const t = toDirectoryError(tlsErr, { what: 'bind', server: 'ldaps://dc01:636' });
    expect(t.code).toBe('tls-failed');
    expect(t.message).toContain('ldaps://dc01:636');
    expect(toDirectoryError(Object.assign(new Error('Hostname/IP does not match'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), { what: 'x' }).code).toBe(
      'tls-failed',
    );
    expect(toDirectoryError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { what: 'x' }).code).toBe('unreachable');
    expect(toDirectoryError(new Error('Connection timeout'), { what: 'x' }).code).toBe('timeout');
    expect(toDirectoryError(new Error('ModifyRequest: Operation timed out'), { what: 'x' }).code).toBe('timeout');
    expect(toDirectoryError(new Error('something odd'), { what: 'x' }).code).toBe('ldap-error');
  });

  it('never lets a secret through, even when the server echoes it', () => {
    const secret = 'S3cret!Pass';
    const err = toDirectoryError(new ConstraintViolationError(`value ${secret} rejected`), { what: 'reset', secrets: [secret] });
    expect(err.message).not.toContain(secret);
    expect(JSON.stringify(err.details)).not.toContain(secret);
    expect(redact(`a ${secret} b ${secret}`, [secret, ''])).toBe('a [redacted] b [redacted]');
  });

  it('passes DirectoryErrors through unchanged', () => {
    const original = new DirectoryError('cancelled', 'stopped');
    expect(toDirectoryError(original, { what: 'x' })).toBe(original);
  });

  it('finds the AD sub-code in a diagnostic message', () => {
    expect(adBindReason('... AcceptSecurityContext error, data 775, v4563')).toBe('775');
    expect(adBindReason('no code here')).toBeNull();
  });
});
