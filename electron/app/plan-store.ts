// Plans waiting for the admin's confirmation. A plan is used once and expires, so a stale
// confirmation dialog can never apply a change to facts that have since moved on.
import { randomBytes } from 'node:crypto';
import type { FixPlanDraft } from '../../shared/playbooks/fix-plan';
import type { PlannedChange } from '../../shared/playbooks/types';

export interface StoredPlan {
  plan: PlannedChange;
  args: FixPlanDraft['args'];
}

export class PlanStore {
  private readonly plans = new Map<string, StoredPlan>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(draft: FixPlanDraft, playbookId: string, stepId: string): PlannedChange {
    this.prune();
    const planId = randomBytes(16).toString('hex');
    const { args, ...shown } = draft;
    const plan: PlannedChange = {
      ...shown,
      planId,
      playbookId,
      stepId,
      expiresAt: new Date(this.now().getTime() + this.ttlMs).toISOString(),
    };
    this.plans.set(planId, { plan, args });
    return plan;
  }

  /** Remove and return the plan; 'expired' / 'unknown' when it cannot be used. */
  take(planId: string): StoredPlan | 'expired' | 'unknown' {
    const stored = this.plans.get(planId);
    if (!stored) return 'unknown';
    this.plans.delete(planId);
    return Date.parse(stored.plan.expiresAt) < this.now().getTime() ? 'expired' : stored;
  }

  clear(): void {
    this.plans.clear();
  }

  private prune(): void {
    const t = this.now().getTime();
    for (const [id, p] of this.plans) if (Date.parse(p.plan.expiresAt) < t) this.plans.delete(id);
  }
}
