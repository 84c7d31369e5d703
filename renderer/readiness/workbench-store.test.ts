import { describe, expect, it } from 'vitest';
import type { PreviewResult, ScanPollResult } from '../../shared/readiness/ipc';
import type { ScanFinding } from '../../shared/readiness/scan/finding';
import { fakeApi, flush } from '../test/fake-api';
import { createWorkbenchStore, parentOf } from './workbench-store';

const finding = (n: number, extra: Partial<ScanFinding> = {}): ScanFinding => ({
  id: `g${n}|mail|a${n}@x.local`,
  dn: `CN=User ${n},OU=Staff,DC=lab`,
  objectGuid: `g${n}`,
  objectClass: 'user',
  attribute: 'mail',
  value: `a${n}@x.local`,
  errors: ['topleveldomain'],
  action: 'none',
  proposedValue: `a${n}@x.com`,
  detail: 'not routable',
  duplicates: [],
  ...extra,
});

const poll = (p: Partial<ScanPollResult>): ScanPollResult => ({
  reset: false,
  findings: [],
  removed: [],
  cursor: 0,
  more: false,
  progress: { phase: 'reading', read: 0, total: null, findings: 0 },
  done: false,
  cancelled: false,
  summary: null,
  error: null,
  ...p,
});

describe('workbench store', () => {
  it('takes findings slice by slice from the cursor, and a re-scan updates rows in place', async () => {
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    void store.getState().startScan(false);
    fake.reply('scan:start', { scanId: 'scan-0001' });
    await flush();
    expect(fake.next('scan:poll').request).toMatchObject({ scanId: 'scan-0001', cursor: 0 });
    fake.reply('scan:poll', poll({ reset: true, findings: [finding(1), finding(2)], cursor: 2, more: true }));
    await flush();
    expect(store.getState().rows.map((r) => r.objectGuid)).toEqual(['g1', 'g2']);
    expect(store.getState().rows[0]).toMatchObject({ ou: 'OU=Staff,DC=lab', dnKey: 'cn=user 1,ou=staff,dc=lab' });
    expect(fake.next('scan:poll').request).toMatchObject({ cursor: 2 });
    fake.reply('scan:poll', poll({ findings: [finding(3)], cursor: 3, done: true, progress: { phase: 'done', read: 3, total: 3, findings: 3 } }));
    await flush();
    expect(store.getState().scanStatus).toBe('done');
    expect(store.getState().rows).toHaveLength(3);

    // Incremental re-scan: g2 fixed (removed), g1 changed (replaced), nothing else touched.
    void store.getState().startScan(true);
    expect(fake.next('scan:start').request).toEqual({ incremental: true, scope: { kind: 'domain' } });
    fake.reply('scan:start', { scanId: 'scan-0002' });
    await flush();
    fake.reply('scan:poll', poll({ findings: [finding(1, { errors: ['topleveldomain', 'duplicate'] })], removed: [finding(2).id], cursor: 2, done: true }));
    await flush();
    expect(store.getState().rows.map((r) => [r.objectGuid, r.errors.join('+')])).toEqual([
      ['g1', 'topleveldomain+duplicate'],
      ['g3', 'topleveldomain'],
    ]);
  });

  it('sends only rows with an action to the preview, and says so when there is none', async () => {
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    void store.getState().startScan(false);
    fake.reply('scan:start', { scanId: 'scan-0003' });
    await flush();
    fake.reply('scan:poll', poll({ reset: true, findings: [finding(1), finding(2)], cursor: 2, done: true }));
    await flush();
    await store.getState().previewEdits();
    expect(store.getState().batch).toMatchObject({ stage: 'error', error: { message: expect.stringMatching(/No row has an action/) } });
    store.getState().setEdit(finding(2).id, { action: 'edit', proposedValue: 'a2@x.com' });
    store.getState().setEdit(finding(1).id, { action: 'none', proposedValue: null });
    void store.getState().previewEdits();
    expect(fake.next('readiness:preview').request).toEqual({ edits: [{ findingId: finding(2).id, action: 'edit', proposedValue: 'a2@x.com' }] });
  });

  it("sends a 10,000-row preview in parts that each fit the bridge's 64 KiB request cap, in order, then previews the draft", async () => {
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    void store.getState().startScan(false);
    fake.reply('scan:start', { scanId: 'scan-0004' });
    await flush();
    const many = Array.from({ length: 10_000 }, (_, i) => finding(i, { dn: `CN=Ünïcode User ${i},OU=Staff,DC=lab` }));
    fake.reply('scan:poll', poll({ reset: true, findings: many, cursor: many.length, done: true }));
    await flush();
    store.getState().setEdits(many.map((f) => [f.id, { action: 'edit', proposedValue: `a${f.objectGuid}@x.com` }]));
    const done = store.getState().previewEdits();
    const sent: unknown[] = [];
    let draftId: string | undefined;
    for (;;) {
      await flush();
      const call = fake.calls.find((c) => !c.settled);
      if (!call) throw new Error('the store stopped calling');
      expect(new TextEncoder().encode(JSON.stringify(call.request)).length).toBeLessThanOrEqual(64 * 1024);
      const request = call.request as { draftId?: string; edits: unknown[] };
      expect(request.draftId).toBe(draftId);
      sent.push(...request.edits);
      if (call.channel === 'readiness:preview-part') {
        draftId = 'draft-0001';
        call.answer({ ok: true, value: { draftId, rows: sent.length } });
        continue;
      }
      expect(call.channel).toBe('readiness:preview');
      call.answer({
        ok: true,
        value: { previewId: 'preview-0001', kind: 'apply', preview: { changes: [], completed: 0, objects: 0, byAttribute: {} }, refused: [], heldBack: [] },
      });
      break;
    }
    await done;
    expect(fake.count('readiness:preview-part')).toBeGreaterThan(10);
    expect(sent).toEqual(many.map((f) => ({ findingId: f.id, action: 'edit', proposedValue: `a${f.objectGuid}@x.com` })));
    expect(store.getState().batch).toMatchObject({ stage: 'confirm', preview: { previewId: 'preview-0001' } });
  });

  it('sends a UPN move over 10,000 chosen users as selection parts, each request under 64 KiB, and a short list inline', async () => {
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    const answer: PreviewResult = {
      previewId: 'preview-0001',
      kind: 'apply',
      preview: { changes: [], completed: 0, objects: 0, byAttribute: {} },
      refused: [],
      heldBack: [],
    };
    const dns = Array.from({ length: 10_000 }, (_, i) => `CN=User ${i},OU=Staff,DC=contoso,DC=local`);
    const done = store.getState().previewUpnMove('contoso.local', 'contoso.com', { mode: 'only', dns });
    const sent: string[] = [];
    let selectionId: string | undefined;
    for (;;) {
      await flush();
      const call = fake.calls.find((c) => !c.settled);
      if (!call) throw new Error('the store stopped calling');
      expect(new TextEncoder().encode(JSON.stringify(call.request)).length).toBeLessThanOrEqual(64 * 1024);
      if (call.channel === 'readiness:upn-selection-part') {
        const request = call.request as { selectionId?: string; from: string; mode: string; userDns: string[] };
        expect(request.selectionId).toBe(selectionId);
        expect(request).toMatchObject({ from: 'contoso.local', mode: 'only' });
        sent.push(...request.userDns);
        selectionId = 'selection-0001';
        call.answer({ ok: true, value: { selectionId, users: sent.length } });
        continue;
      }
      expect(call.channel).toBe('readiness:upn-move-preview');
      expect(call.request).toEqual({ from: 'contoso.local', to: 'contoso.com', selectionId: 'selection-0001' });
      call.answer({ ok: true, value: answer });
      break;
    }
    await done;
    expect(sent).toEqual(dns);
    expect(store.getState().batch).toMatchObject({ stage: 'confirm' });

    store.getState().closeBatch();
    void store.getState().previewUpnMove('contoso.local', 'contoso.com', { mode: 'except', dns: dns.slice(0, 2) });
    await flush();
    expect(fake.next('readiness:upn-move-preview').request).toEqual({ from: 'contoso.local', to: 'contoso.com', exceptDns: dns.slice(0, 2) });
  });

  it('lists the users of a suffix for the picker; a late answer for another suffix is dropped, a reload keeps who was left out', async () => {
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    const user = (n: string, suffix: string) => ({ dn: `CN=${n},OU=Staff,DC=lab`, userPrincipalName: `${n}@${suffix}` });
    void store.getState().loadUpnUsers('a.local');
    void store.getState().loadUpnUsers('b.local');
    await flush();
    expect(store.getState().upnPick).toMatchObject({ from: 'b.local', list: null, error: null });
    // b.local answers first; a.local's late answer must not replace it.
    fake.calls[1]!.answer({
      ok: true,
      value: { suffix: 'b.local', users: [user('ann', 'b.local'), user('bob', 'b.local'), user('cy', 'b.local')], truncated: false },
    });
    await flush();
    fake.calls[0]!.answer({ ok: true, value: { suffix: 'a.local', users: [user('zed', 'a.local')], truncated: false } });
    await flush();
    expect(store.getState().upnPick?.list?.users.map((u) => u.userPrincipalName)).toEqual(['ann@b.local', 'bob@b.local', 'cy@b.local']);

    store.getState().setUpnChosen([user('bob', 'x').dn, user('cy', 'x').dn], false);
    store.getState().setUpnChosen([user('cy', 'x').dn], true);
    expect([...store.getState().upnPick!.leftOut]).toEqual([user('bob', 'x').dn]);

    // Reloaded (after a move, say): bob is still left out; a user no longer of the suffix drops out of the choice.
    void store.getState().loadUpnUsers('b.local');
    await flush();
    expect(store.getState().upnPick?.list).not.toBeNull(); // the old list stays on screen meanwhile
    fake.reply('readiness:upn-users', { suffix: 'b.local', users: [user('bob', 'b.local'), user('dee', 'b.local')], truncated: false });
    await flush();
    expect([...store.getState().upnPick!.leftOut]).toEqual([user('bob', 'x').dn]);
    store.getState().setUpnChosen([user('dee', 'x').dn], false);
    void store.getState().loadUpnUsers('b.local');
    await flush();
    fake.reply('readiness:upn-users', { suffix: 'b.local', users: [user('bob', 'b.local')], truncated: false });
    await flush();
    expect([...store.getState().upnPick!.leftOut]).toEqual([user('bob', 'x').dn]);

    // Another suffix starts from everyone chosen; a failure is kept with its message.
    void store.getState().loadUpnUsers('c.local');
    await flush();
    expect(store.getState().upnPick).toMatchObject({ from: 'c.local', list: null });
    expect(store.getState().upnPick!.leftOut.size).toBe(0);
    fake.fail('readiness:upn-users', { code: 'unavailable', message: 'No directory is connected', detail: null });
    await flush();
    expect(store.getState().upnPick).toMatchObject({ from: 'c.local', list: null, error: { message: 'No directory is connected' } });
  });

  it('after a batch that wrote something, closing it lists the suffixes and the picker users again', async () => {
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    void store.getState().loadUpnSuffixes();
    fake.reply('readiness:upn-suffixes', { forestSuffixes: [], domain: 'lab.example.com', suffixes: [] });
    void store.getState().loadUpnUsers('b.local');
    await flush();
    fake.reply('readiness:upn-users', { suffix: 'b.local', users: [], truncated: false });
    await flush();
    const finished = (applied: number) =>
      store.setState({
        batch: {
          stage: 'finished',
          poll: {
            batchId: 'b1',
            kind: 'apply',
            done: applied,
            total: applied,
            finished: true,
            error: null,
            result: { batchId: 'b1', kind: 'apply', rows: [], counts: { applied, skipped: 0, failed: 0, cancelled: 0, unchanged: 0 }, undoFile: null },
          },
        },
      });
    finished(0);
    store.getState().closeBatch();
    await flush();
    expect([fake.count('readiness:upn-suffixes'), fake.count('readiness:upn-users')]).toEqual([1, 1]);
    finished(2);
    store.getState().closeBatch();
    await flush();
    expect([fake.count('readiness:upn-suffixes'), fake.count('readiness:upn-users')]).toEqual([2, 2]);
    expect(fake.next('readiness:upn-users').request).toEqual({ from: 'b.local' });
  });

  it('finds the container of a DN, escaped commas included', () => {
    expect(parentOf('CN=Smith\\, Ann,OU=Staff,DC=lab')).toBe('OU=Staff,DC=lab');
    expect(parentOf('DC=lab')).toBe('');
  });
});
