// The write policy (shared/readiness/write-policy.ts) applied to a whole batch before its first
// write: every object the batch touches is read once, every change judged, and the batch refused
// whole (WritePolicyError naming each row and rule) when one change is outside the policy.
import { judgeWrite, WritePolicyError, type WriteRefusal } from '../../shared/readiness/write-policy';
import type { ValueChange } from '../../shared/readiness/value-change';
import type { ReadinessStore } from './readiness-store';

/** The refusals of a batch (empty when every change is allowed). */
export async function refusedWrites(changes: readonly ValueChange[], store: ReadinessStore, signal?: AbortSignal): Promise<WriteRefusal[]> {
  if (!changes.length) return [];
  const ctx = await store.policyContext(signal);
  const facts = await store.readFacts([...new Set(changes.map((c) => c.dn))], signal);
  return changes.flatMap((c) => {
    const r = judgeWrite(c, facts.get(c.dn.toLowerCase()), ctx);
    return r ? [r] : [];
  });
}

/** Throws WritePolicyError when any change of the batch is outside the write policy. */
export async function guardWrites(changes: readonly ValueChange[], store: ReadinessStore, signal?: AbortSignal): Promise<void> {
  const refused = await refusedWrites(changes, store, signal);
  if (refused.length) throw new WritePolicyError(refused);
}
