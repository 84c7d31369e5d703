// Previews kept in the main process and applied by id, so what runs is exactly what the admin saw;
// and the drafts of a long preview request handed over in parts.
import { randomUUID } from 'node:crypto';
import { previewOf } from '../../shared/readiness/batch';
import { MAX_PREVIEW_ROWS, type PreviewResult, type RowEdit, type RowRefusal } from '../../shared/readiness/ipc';
import type { UndoBatch } from '../../shared/readiness/undo-ldif';
import type { ValueChange } from '../../shared/readiness/value-change';
import { RequestError } from '../ipc/dispatch';

export interface StoredPreview {
  kind: 'apply' | 'undo';
  changes: ValueChange[];
  undo: UndoBatch | null;
  origin: string;
  expires: number;
}

/** How long a preview, a draft or a user selection is kept. */
export const PREVIEW_TTL_MS = 30 * 60_000;
/** Drafts of a long preview being handed over in parts: kept few (the oldest goes first). */
const MAX_PREVIEW_DRAFTS = 4;

export class PreviewStore {
  private readonly previews = new Map<string, StoredPreview>();
  private readonly drafts = new Map<string, { edits: RowEdit[]; expires: number }>();

  /** Keeps a preview and gives the window what to show, with the id that applies it. */
  save(p: Omit<StoredPreview, 'expires'>, refused: RowRefusal[], heldBack: PreviewResult['heldBack'], completed = 0): PreviewResult {
    const now = Date.now();
    for (const [id, old] of this.previews) if (old.expires < now) this.previews.delete(id);
    const previewId = randomUUID();
    this.previews.set(previewId, { ...p, expires: now + PREVIEW_TTL_MS });
    return { previewId, kind: p.kind, preview: previewOf(p.changes, completed), refused, heldBack };
  }

  /** The preview to run (used once: it is gone afterwards); refused when unknown, expired or empty. */
  take(previewId: string): StoredPreview {
    const p = this.previews.get(previewId);
    if (!p || p.expires < Date.now()) throw new RequestError('not-found', 'That preview is unknown or has expired: preview the changes again.');
    if (!p.changes.length) throw new RequestError('conflict', 'The preview has no change to write.');
    this.previews.delete(previewId);
    return p;
  }

  /**
   * One part of a long preview request (the bridge caps a request at 64 KiB): the first part opens
   * a draft, the next ones add to it in order; readiness:preview takes the draft whole.
   */
  addPart(draftId: string | undefined, edits: readonly RowEdit[]): { draftId: string; rows: number } {
    const now = Date.now();
    for (const [id, old] of this.drafts) if (old.expires < now) this.drafts.delete(id);
    let id = draftId;
    let draft = id === undefined ? undefined : this.drafts.get(id);
    if (id !== undefined && !draft)
      throw new RequestError('not-found', 'That preview draft is unknown or expired (the app was restarted, or 30 minutes passed): preview again.');
    if (id === undefined || !draft) {
      while (this.drafts.size >= MAX_PREVIEW_DRAFTS) this.drafts.delete(this.drafts.keys().next().value!);
      id = randomUUID();
      draft = { edits: [], expires: 0 };
      this.drafts.set(id, draft);
    }
    if (draft.edits.length + edits.length > MAX_PREVIEW_ROWS) {
      this.drafts.delete(id);
      throw new RequestError(
        'invalid-request',
        `A preview holds at most ${MAX_PREVIEW_ROWS.toLocaleString('en-US')} rows; this one would hold ${(draft.edits.length + edits.length).toLocaleString('en-US')}.`,
      );
    }
    draft.edits.push(...edits);
    draft.expires = now + PREVIEW_TTL_MS;
    return { draftId: id, rows: draft.edits.length };
  }

  /** The rows a draft holds, in the order sent; the draft is gone afterwards. */
  takeDraft(draftId: string): RowEdit[] {
    const draft = this.drafts.get(draftId);
    this.drafts.delete(draftId);
    if (!draft || draft.expires < Date.now())
      throw new RequestError('not-found', 'That preview draft is unknown or expired (the app was restarted, or 30 minutes passed): preview again.');
    return draft.edits;
  }
}
