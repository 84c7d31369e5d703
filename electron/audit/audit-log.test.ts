import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { Redactor } from '../secrets/redactor';
import { AuditLog, chainHashOf, verifyAuditText } from './audit-log';

function newLog(lines = 0) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-audit-'));
  const log = new AuditLog(dir, new Redactor(), () => new Date('2026-05-01T10:00:00Z'));
  for (let i = 0; i < lines; i += 2) {
    const id = log.begin({ actor: 'admin', host: 'SYNC01', action: `service.start-${i}`, target: `service ${i}`, planned: [], origin: 'test' });
    log.end(id, { result: 'succeeded', summary: `done ${i}`, errorCode: null, recheck: null });
  }
  return { dir, log };
}

async function verify(file: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['audit', 'verify', '--file', file], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

describe('AuditLog', () => {
  it('writes a start line before and an end line after, tied by id, with secrets scrubbed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-audit-'));
    const redactor = new Redactor();
    redactor.add('Planted-Secret-123');
    const log = new AuditLog(dir, redactor, () => new Date('2026-05-01T10:00:00Z'));
    const id = log.begin({
      actor: 'LAB\\admin',
      host: 'SYNC01',
      action: 'account.reset-password',
      target: 'svc Planted-Secret-123',
      planned: [{ target: 'svc', property: 'password', from: 'x', to: 'Planted-Secret-123' }],
      origin: 'test',
    });
    // The start line is on disk before the action runs.
    const afterBegin = fs.readFileSync(log.file, 'utf8').trim().split('\n');
    expect(afterBegin).toHaveLength(1);
    expect(JSON.parse(afterBegin[0]!)).toMatchObject({ id, phase: 'start', actor: 'LAB\\admin', host: 'SYNC01', at: '2026-05-01T10:00:00.000Z' });
    log.end(id, { result: 'succeeded', summary: 'done', errorCode: null, recheck: { status: 'pass', summary: 'ok' } });
    const lines = log.read();
    expect(lines.map((l) => l.phase)).toEqual(['start', 'end']);
    expect(lines[1]).toMatchObject({ id, result: 'succeeded', recheck: { status: 'pass' } });
    expect(fs.readFileSync(log.file, 'utf8')).not.toContain('Planted-Secret-123');
  });

  it('chains every line to the one before: the first to the genesis, each later one to its predecessor', () => {
    const { log } = newLog(4);
    const raw = fs.readFileSync(log.file, 'utf8').trim().split('\n');
    expect(JSON.parse(raw[0]!).prev).toBe(chainHashOf(null));
    for (let i = 1; i < raw.length; i += 1) expect(JSON.parse(raw[i]!).prev).toBe(chainHashOf(raw[i - 1]!));
    expect(verifyAuditText(fs.readFileSync(log.file, 'utf8'))).toEqual({ ok: true, lines: 4 });
    // A new AuditLog on the same file (a restart, the CLI) continues the chain.
    const again = new AuditLog(path.dirname(path.dirname(log.file)), new Redactor());
    again.begin({ actor: 'admin', host: 'SYNC01', action: 'x', target: 'y', planned: [], origin: 'test' });
    expect(verifyAuditText(fs.readFileSync(log.file, 'utf8'))).toEqual({ ok: true, lines: 5 });
  });
});

describe('audit verify', () => {
  const tamper: [string, (lines: string[]) => string[], number, RegExp][] = [
    ['an edited line', (l) => l.map((x, i) => (i === 3 ? x.replace('"succeeded"', '"failed"') : x)), 4, /content was changed/],
    ['an edited last line', (l) => l.map((x, i) => (i === l.length - 1 ? x.replace('done 4', 'done 5') : x)), 6, /content was changed/],
    ['a deleted line', (l) => l.filter((_, i) => i !== 3), 4, /does not follow line 3/],
    ['a deleted first line', (l) => l.slice(1), 1, /not the first line/],
    ['an inserted line', (l) => [...l.slice(0, 2), l[4]!, ...l.slice(2)], 3, /does not follow line 2/],
    ['two lines swapped', (l) => [l[0]!, l[2]!, l[1]!, ...l.slice(3)], 2, /does not follow line 1/],
  ];
  it.each(tamper)('names the first broken line after %s, exit 1', async (_what, change, line, reason) => {
    const { log } = newLog(6);
    const lines = fs.readFileSync(log.file, 'utf8').trim().split('\n');
    expect((await verify(log.file)).code).toBe(0);
    fs.writeFileSync(log.file, `${change(lines).join('\n')}\n`);
    const r = await verify(log.file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`broken at line ${line} of \\d+: `));
    expect(r.stdout).toMatch(reason);
  });

  it('says intact with exit 0; a missing file is exit 3; a bad command line exit 2', async () => {
    const { log, dir } = newLog(2);
    expect(await verify(log.file)).toMatchObject({ code: 0, stdout: expect.stringMatching(/intact, 2 line/) });
    expect(await verify(path.join(dir, 'nope.jsonl'))).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/could not read the audit log: audit log .*nope\.jsonl: no such file/),
    });
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => (err += t), env: {} };
    expect(await runCli(['audit', 'check'], io)).toBe(2);
    expect(err).toMatch(/unknown audit action "check"/);
    expect(await runCli(['audit', 'verify', '--bogus'], io)).toBe(2);
  });
});
