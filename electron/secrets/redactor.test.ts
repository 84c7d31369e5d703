import { describe, expect, it } from 'vitest';
import { generatePassword } from './password';
import { REDACTED, Redactor } from './redactor';

describe('Redactor', () => {
  it('scrubs registered secrets wherever they appear and secret-named fields', () => {
    const r = new Redactor();
    const pw = generatePassword();
    r.add(pw);
    const out = r.redact({
      message: `bind failed for x with ${pw}!`,
      nested: [{ note: pw }],
      password: 'other',
      newPassword: 'n',
      unicodePwd: 'u',
      pwdLastSet: '2026-01-01T00:00:00.000Z',
      passwordNeverExpires: true,
      count: 3,
    });
    expect(JSON.stringify(out)).not.toContain(pw);
    expect(out.message).toBe(`bind failed for x with ${REDACTED}!`);
    expect(out.password).toBe(REDACTED);
    expect(out.passwordNeverExpires).toBe(true);
    expect([out.newPassword, out.unicodePwd]).toEqual([REDACTED, REDACTED]);
    expect(out.pwdLastSet).toBe('2026-01-01T00:00:00.000Z');
    expect(out.count).toBe(3);
  });

  it('redacts error messages', () => {
    const r = new Redactor();
    r.add('Sup3r-Secret!');
    expect(r.redact(new Error('Sup3r-Secret! was wrong'))).toEqual({ name: 'Error', message: `${REDACTED} was wrong` });
  });

  it('redacts a 3-character secret where it stands alone, and leaves words that merely contain it', () => {
    const r = new Redactor();
    r.add('abc');
    r.add('x!');
    expect(r.redactText('abc def')).toBe(`${REDACTED} def`);
    expect(r.redactText('password "abc" rejected; abc.')).toBe(`password "${REDACTED}" rejected; ${REDACTED}.`);
    expect(r.redact({ note: 'bind as u with abc' })).toEqual({ note: `bind as u with ${REDACTED}` });
    expect(r.redactText('abcdef xabc abc_1 ABC')).toBe('abcdef xabc abc_1 ABC');
    expect(r.redactText('got x! then box!')).toBe(`got ${REDACTED} then box!`);
  });

  it('never redacts a short secret inside a name, where the mark would give it away', () => {
    const r = new Redactor();
    r.add('contoso');
    expect(r.redactText('bind as auditsec@contoso.example.com failed')).toBe('bind as auditsec@contoso.example.com failed');
    expect(r.redactText('CN=contoso-admins,DC=lab')).toBe('CN=contoso-admins,DC=lab');
    expect(r.redactText('password=contoso; retry with "contoso" or (contoso).')).toBe(`password=${REDACTED}; retry with "${REDACTED}" or (${REDACTED}).`);
    expect(r.redactText('it was contoso.')).toBe(`it was ${REDACTED}.`);
  });

  it('redacts a long secret even inside a longer string, and the longest of overlapping secrets whole', () => {
    const r = new Redactor();
    const long = 'Kq7#vR2!mZp9';
    r.add(long);
    r.add(long.slice(0, 4));
    expect(r.redactText(`user:${long}@host xx${long}yy`)).toBe(`user:${REDACTED}@host xx${REDACTED}yy`);
    expect(r.redactText('a.b*c')).toBe('a.b*c');
    r.add('a.b*c'); // regular-expression characters are literal
    expect(r.redactText('is a.b*c or aXbbc')).toBe(`is ${REDACTED} or aXbbc`);
    r.add('');
    expect(r.redactText('nothing empty')).toBe('nothing empty');
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

  it('never holds a part of the names it is told to avoid (AD refuses those)', () => {
    // 600 three-letter names: without the redraw about a quarter of passwords hold one of them.
    const names = Array.from({ length: 600 }, (_, i) => String.fromCharCode(97 + (i % 26), 97 + ((i * 7) % 26), 97 + ((i * 11) % 26)));
    for (let i = 0; i < 100; i++) {
      const p = generatePassword(32, [`LAB\\${names[i]!}svc`, ...names]).toLowerCase();
      expect(names.filter((n) => p.includes(n))).toEqual([]);
    }
  });
});
