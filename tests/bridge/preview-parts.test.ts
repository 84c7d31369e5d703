// A 10,000-row preview through the test bridge's 64 KiB request cap: in one request the bridge
// refuses it; cut by the renderer's chunker into readiness:preview-part requests it arrives whole
// and in order at the Workbench's preview (the real handlers, dispatch and schemas; only the
// directory-side preview is replaced by a recorder, since it is tested against Samba elsewhere).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/ipc/dispatch';
import { AuditLog } from '../../electron/audit/audit-log';
import { createReadinessHandlers } from '../../electron/readiness/handlers';
import { Workbench, type UpnSelection } from '../../electron/readiness/workbench';
import { Redactor } from '../../electron/secrets/redactor';
import { startBridge, type Bridge } from '../../dev/bridge/server';
import { chunkByJsonBytes } from '../../shared/readiness/chunk-request';
import { PREVIEW_PART_BYTES, type PreviewResult, type RowEdit } from '../../shared/readiness/ipc';

const EMPTY_PREVIEW: PreviewResult = {
  previewId: 'preview-0001',
  kind: 'apply',
  preview: { changes: [], completed: 0, objects: 0, byAttribute: {} },
  refused: [],
  heldBack: [],
};

class RecordingWorkbench extends Workbench {
  previewed: RowEdit[][] = [];
  moves: { from: string; to: string; selection: { mode: string; dns: string[] } | null }[] = [];
  override async previewUpnMove(from: string, to: string, selection: UpnSelection | null): Promise<PreviewResult> {
    this.moves.push({ from, to, selection: selection && { mode: selection.mode, dns: [...selection.dns] } });
    return EMPTY_PREVIEW;
  }
  override async previewEdits(edits: readonly RowEdit[]): Promise<PreviewResult> {
    this.previewed.push([...edits]);
    return EMPTY_PREVIEW;
  }
}

describe('a 10,000-row preview and a 10,000-user UPN move through the bridge', () => {
  let root: string;
  let bridge: Bridge;
  let workbench: RecordingWorkbench;
  const edits: RowEdit[] = Array.from({ length: 10_000 }, (_, i) => ({
    findingId: `0f3c2a1e-${String(i).padStart(4, '0')}-4b6e-9a1d-2c3b4d5e6f70|proxyAddresses|smtp:user${i}@contoso.local`,
    action: 'edit',
    proposedValue: `smtp:user.${i}@contoso.com`,
  }));

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'dsd-preview-parts-'));
    // Only the API routes are used: a one-line page stands in for the built renderer, so this
    // runs on a fresh clone before the build (as CI does).
    await mkdir(path.join(root, 'renderer'));
    await writeFile(path.join(root, 'renderer', 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    workbench = new RecordingWorkbench({
      dataDir: root,
      audit: new AuditLog(root, new Redactor()),
      actor: 'tester',
      host: async () => 'lab-host',
      directory: () => null,
      scan: () => {
        throw new Error('no scan in this test');
      },
      validate: () => null,
      isRoutable: () => true,
    });
    bridge = await startBridge({
      dataDir: root,
      rendererDir: path.join(root, 'renderer'),
      createSession: async () => ({ handlers: createReadinessHandlers(() => workbench) as Handlers, close: async () => {} }),
    });
  });

  afterAll(async () => {
    await bridge?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('is refused in one request (over 64 KiB) and arrives whole, in order, in parts', async () => {
    const whole = await bridge.call('readiness:preview', { edits });
    expect(whole).toMatchObject({ ok: false, error: { message: expect.stringMatching(/larger than 65536 bytes/) } });

    const parts = chunkByJsonBytes(edits, PREVIEW_PART_BYTES);
    expect(parts.length).toBeGreaterThan(20);
    const last = parts.pop()!;
    let draftId: string | undefined;
    for (const part of parts) {
      const r = await bridge.call('readiness:preview-part', draftId === undefined ? { edits: part } : { draftId, edits: part });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      draftId = r.value.draftId;
    }
    const r = await bridge.call('readiness:preview', { draftId: draftId!, edits: last });
    expect(r).toMatchObject({ ok: true, value: { previewId: 'preview-0001' } });
    expect(workbench.previewed).toHaveLength(1);
    expect(workbench.previewed[0]).toEqual(edits);

    // The draft is taken by the preview: naming it again is refused, as is an unknown one.
    expect(await bridge.call('readiness:preview', { draftId: draftId!, edits: [] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await bridge.call('readiness:preview-part', { draftId: 'no-such-draft', edits: [edits[0]!] })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await bridge.call('readiness:preview', { edits: [] })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('names 10,000 chosen users of a UPN move by a selection sent in parts; an unknown, stale or mismatched one is refused with the reason', async () => {
    const dns = Array.from({ length: 10_000 }, (_, i) => `CN=User ${String(i).padStart(5, '0')},OU=Staff,OU=Corp,DC=contoso,DC=local`);
    const whole = await bridge.call('readiness:upn-move-preview', { from: 'contoso.local', to: 'contoso.com', userDns: dns });
    expect(whole).toMatchObject({ ok: false, error: { message: expect.stringMatching(/larger than 65536 bytes/) } });

    const parts = chunkByJsonBytes(dns, PREVIEW_PART_BYTES);
    expect(parts.length).toBeGreaterThan(5);
    let selectionId: string | undefined;
    for (const part of parts) {
      const r = await bridge.call('readiness:upn-selection-part', {
        ...(selectionId === undefined ? {} : { selectionId }),
        from: 'contoso.local',
        mode: 'except',
        userDns: part,
      });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      selectionId = r.value.selectionId;
    }
    const r = await bridge.call('readiness:upn-move-preview', { from: 'Contoso.local', to: 'contoso.com', selectionId: selectionId! });
    expect(r).toMatchObject({ ok: true, value: { previewId: 'preview-0001' } });
    expect(workbench.moves).toEqual([{ from: 'contoso.local', to: 'contoso.com', selection: { mode: 'except', dns } }]);
    // The selection stays for another preview (another target suffix), but only for the same users' suffix.
    expect(await bridge.call('readiness:upn-move-preview', { from: 'contoso.local', to: 'contoso.org', selectionId: selectionId! })).toMatchObject({
      ok: true,
    });
    expect(await bridge.call('readiness:upn-move-preview', { from: 'fabrikam.local', to: 'contoso.com', selectionId: selectionId! })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('made for users of contoso.local, not fabrikam.local') },
    });
    expect(await bridge.call('readiness:upn-move-preview', { from: 'contoso.local', to: 'contoso.com', selectionId: 'no-such-selection' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('unknown or expired') },
    });
    expect(
      await bridge.call('readiness:upn-move-preview', { from: 'contoso.local', to: 'contoso.com', selectionId: selectionId!, userDns: [dns[0]!] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringContaining('name the users one way') },
    });
    // A selection past its 30 minutes is stale: refused by the same words.
    const realNow = Date.now;
    Date.now = () => realNow() + 31 * 60_000;
    try {
      expect(await bridge.call('readiness:upn-move-preview', { from: 'contoso.local', to: 'contoso.com', selectionId: selectionId! })).toMatchObject({
        ok: false,
        error: { code: 'not-found', message: expect.stringContaining('unknown or expired') },
      });
    } finally {
      Date.now = realNow;
    }
    expect(workbench.moves).toHaveLength(2);
  });
});
