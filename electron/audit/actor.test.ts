import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { processActor } from './actor';

describe('processActor', () => {
  it("is the process's own account, whatever USERNAME and USERDOMAIN say", () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { USERNAME: 'Administrator', USERDOMAIN: 'EVIL', USER: 'root-by-env', LOGNAME: 'x' });
      expect(processActor()).toBe(os.userInfo().username);
      expect(processActor()).not.toContain('EVIL');
    } finally {
      process.env = saved;
    }
  });

  it("says 'unknown' when the OS cannot tell", () => {
    expect(
      processActor(() => {
        throw new Error('no passwd entry');
      }),
    ).toBe('unknown');
    expect(processActor(() => ({ username: '' }))).toBe('unknown');
  });
});
