import { describe, expect, it } from 'vitest';
import { generatePassword } from './password';
import { REDACTED, Redactor } from './redactor';

describe('Redactor', () => {
  it('scrubs registered secrets wherever they appear and secret-named fields', () => {
    const r = new Redactor();
    const pw = generatePassword();
    r.add(pw);
    const out = r.redact({ message: `bind failed for x with ${pw}!`, nested: [{ note: pw }], password: 'other', newPassword: 'n', unicodePwd: 'u', pwdLastSet: '2026-01-01T00:00:00.000Z', passwordNeverExpires: true, count: 3 });
    expect(JSON.stringify(out)).not.toContain(pw);
    expect(out.message).toBe(`bind failed for x with ${REDACTED}!`);
    expect(out.password).toBe(REDACTED);
    expect(out.passwordNeverExpires).toBe(true);
    expect([out.newPassword, out.unicodePwd]).toEqual([REDACTED, REDACTED]);
    expect(out.pwdLastSet).toBe('2026-01-01T00:00:00.000Z');
    expect(out.count).toBe(3);
  });

  it('redacts error messages and leaves short ordinary words alone', () => {
    const r = new Redactor();
    r.add('abc');
    r.add('Sup3r-Secret!');
    expect(r.redact(new Error('Sup3r-Secret! was wrong'))).toEqual({ name: 'Error', message: `${REDACTED} was wrong` });
    expect(r.redactText('abc def')).toBe('abc def');
  });
});

describe('generatePassword', () => {
  it('is long, varied and meets the AD complexity rule', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(32);
      const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;
      expect(classes).toBe(4);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
    expect(() => generatePassword(8)).toThrow(RangeError);
  });
});
