import { describe, expect, it } from 'vitest';
import { serviceAccountPasswordReset } from './password-guards';

describe('service account password reset guard', () => {
  it.each([
    ['entra-connect', '2.6.84.0', true],
    ['entra-connect', '1.1.486.0', true],
    ['entra-connect', '1.1.443.0', false],
    ['entra-connect', '1.1.380.0', false],
    ['aadsync', '1.0.494.0', false],
    // Every AADSync build predates April 2017, whatever version string it reports.
    ['aadsync', '1.2.0.0', false],
    ['aadsync', null, false],
    ['entra-connect', null, false],
    ['dirsync', '1.0.7020.0', true],
    ['none', null, false],
  ] as const)('%s %s: allowed %s', (generation, version, allowed) => {
    const v = serviceAccountPasswordReset(generation, version);
    expect(v.allowed).toBe(allowed);
    expect(v.reason === null).toBe(allowed);
  });

  it('says what to do instead whenever it refuses, and cites a public page', () => {
    for (const [g, v] of [
      ['aadsync', '1.0.494.0'],
      ['entra-connect', null],
      ['entra-connect', '1.1.380.0'],
    ] as const) {
      const r = serviceAccountPasswordReset(g, v);
      expect(r.byHand.length).toBeGreaterThan(0);
      expect(r.reason).toMatch(/destroy the encryption key/);
      expect(r.source).toMatch(/https:\/\/learn\.microsoft\.com\//);
    }
  });

  it('names the key tool when it refuses an old build', () => {
    expect(serviceAccountPasswordReset('entra-connect', '1.1.110.0').byHand.join(' ')).toMatch(/miiskmu/);
  });
});
