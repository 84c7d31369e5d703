import { describe, expect, it } from 'vitest';
import { aclCommands, machineAppDir, prepareMachineAuditDir } from './audit-location';

describe('the per-machine audit folder', () => {
  it("is ProgramData on the Windows folder's drive, not %ProgramData%", () => {
    const saved = process.env.ProgramData;
    process.env.ProgramData = 'D:\\attacker';
    try {
      expect(machineAppDir('C:\\Windows')).toBe('C:\\ProgramData\\DirSync Doctor');
      expect(machineAppDir('E:\\WINNT')).toBe('E:\\ProgramData\\DirSync Doctor');
    } finally {
      if (saved === undefined) delete process.env.ProgramData;
      else process.env.ProgramData = saved;
    }
    expect(() => machineAppDir('\\\\host\\share\\Windows')).toThrow(/not on a local drive/);
  });

  it('is made administrators-only with icacls from System32, by argument arrays and well-known SIDs', async () => {
    const calls: { file: string; args: readonly string[] }[] = [];
    const made: string[] = [];
    const dir = await prepareMachineAuditDir(
      'C:\\Windows',
      async (file, args) => {
        calls.push({ file, args });
        return { code: 0, stderr: '' };
      },
      async (d) => made.push(d),
    );
    expect(dir).toBe('C:\\ProgramData\\DirSync Doctor\\audit');
    expect(made).toEqual(['C:\\ProgramData\\DirSync Doctor\\audit', 'C:\\ProgramData\\DirSync Doctor\\keys']);
    expect(calls).toEqual([
      { file: 'C:\\Windows\\System32\\icacls.exe', args: ['C:\\ProgramData\\DirSync Doctor', '/setowner', '*S-1-5-32-544', '/t', '/c', '/q'] },
      {
        file: 'C:\\Windows\\System32\\icacls.exe',
        args: [
          'C:\\ProgramData\\DirSync Doctor',
          '/inheritance:r',
          '/grant:r',
          '*S-1-5-32-544:(OI)(CI)F',
          '*S-1-5-18:(OI)(CI)F',
          '*S-1-5-32-545:(OI)(CI)RX',
          '/t',
          '/c',
          '/q',
        ],
      },
      {
        file: 'C:\\Windows\\System32\\icacls.exe',
        args: ['C:\\ProgramData\\DirSync Doctor\\keys', '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-18:(OI)(CI)F', '/t', '/c', '/q'],
      },
    ]);
    expect(calls).toEqual(aclCommands('C:\\ProgramData\\DirSync Doctor', 'C:\\Windows'));
  });

  it('refuses to go on when the ACL cannot be set', async () => {
    await expect(
      prepareMachineAuditDir(
        'C:\\Windows',
        async () => ({ code: 5, stderr: 'Access is denied.' }),
        async () => undefined,
      ),
    ).rejects.toThrow(/writable by administrators only \(icacls exit 5\): Access is denied/);
  });
});
