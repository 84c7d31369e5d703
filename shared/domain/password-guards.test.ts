import { describe, expect, it } from 'vitest';
import { serviceAccountPasswordReset } from './password-guards';

describe('service account password reset guard', () => {
  it.each([
    ['entra-connect', '2.6.84.0', true],
    ['entra-connect', '1.1.486.0', true],
    ['entra-connect', '1.1.443.0', false],
    ['entra-connect', '1.1.380.0', false],
    ['aadsync', '1.0.494.0', false],
    ['entra-connect', null, false],
    ['dirsync', '1.0.7020.0', true],
    ['none', null, false],
  ] as const)('%s %s: allowed %s', (generation, version, allowed) => {
    const v = serviceAccountPasswordReset(generation, version);
    expect(v.allowed).toBe(allowed);
    expect(v.reason === null).toBe(allowed);
  });

  it('names the key tool when it refuses an old build', () => {
    expect(serviceAccountPasswordReset('entra-connect', '1.1.110.0').reason).toMatch(/miiskmu/);
  });
});
