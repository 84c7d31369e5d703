import { describe, expect, it } from 'vitest';
import { fakeApi, flush } from '../test/fake-api';
import { createWorkbenchStore, scopeRequestOf } from './workbench-store';

const staff = 'OU=Staff,DC=lab,DC=example,DC=com';
const old = 'OU=Old,OU=Staff,DC=lab,DC=example,DC=com';

describe('the scan scope in the workbench store', () => {
  it('a chosen scope is validated as the main process will: nothing sent while it cannot be scanned', async () => {
    expect(scopeRequestOf({ kind: 'ous', include: [], exclude: [] })).toEqual({ ok: false, problem: expect.stringMatching(/choose at least one OU/) });
    expect(scopeRequestOf({ kind: 'ous', include: [old], exclude: [staff] })).toEqual({
      ok: false,
      problem: expect.stringMatching(/excluded container OU=Staff.* is not inside any included one/),
    });
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    store.getState().setScope({ kind: 'ous', include: [], exclude: [] });
    await store.getState().startScan(false);
    expect(fake.count('scan:start')).toBe(0);
    expect(store.getState().scanError?.message).toMatch(/The scope cannot be scanned: choose at least one OU/);
  });

  it('sends the chosen OUs or the server scope with scan:start, and keeps the scope the scan ran with', async () => {
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    store.getState().setScope({ kind: 'ous', include: [staff], exclude: [old] });
    void store.getState().startScan(false);
    await flush();
    expect(fake.next('scan:start').request).toEqual({ incremental: false, scope: { kind: 'ous', baseDns: [staff], excludeDns: [old] } });
    fake.reply('scan:start', { scanId: 'scan-scope-1' });
    await flush();
    const scope = { kind: 'ous' as const, baseDns: [staff], excludeDns: [old], description: null };
    fake.reply('scan:poll', {
      reset: true,
      findings: [],
      removed: [],
      cursor: 0,
      more: false,
      progress: { phase: 'done', read: 0, total: 0, findings: 0 },
      done: true,
      cancelled: false,
      summary: null,
      error: null,
      scope,
    });
    await flush();
    expect(store.getState().scannedScope).toEqual(scope);

    store.getState().setScope({ kind: 'server' });
    void store.getState().loadServerScope();
    await flush();
    fake.reply('scan:server-scope', { ok: false, reason: 'not readable on this tool', advice: 'Choose the OUs yourself.' });
    await flush();
    expect(store.getState().serverScope).toEqual({ ok: false, reason: 'not readable on this tool', advice: 'Choose the OUs yourself.' });
    void store.getState().startScan(true);
    await flush();
    expect(fake.next('scan:start').request).toEqual({ incremental: true, scope: { kind: 'server' } });
  });
});
