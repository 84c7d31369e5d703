import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../secrets/redactor';
import { AuditLog } from './audit-log';

describe('AuditLog', () => {
  it('writes a start line before and an end line after, tied by id, with secrets scrubbed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsd-audit-'));
    const redactor = new Redactor();
    redactor.add('Planted-Secret-123');
    const log = new AuditLog(dir, redactor, () => new Date('2026-05-01T10:00:00Z'));
    const id = log.begin({ actor: 'LAB\\admin', host: 'SYNC01', action: 'account.reset-password', target: 'svc Planted-Secret-123', planned: [{ target: 'svc', property: 'password', from: 'x', to: 'Planted-Secret-123' }], origin: 'test' });
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
});
