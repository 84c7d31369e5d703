import { describe, expect, it } from 'vitest';
import type { FixPlanDraft } from '../../shared/playbooks/fix-plan';
import { PlanStore } from './plan-store';

const draft: FixPlanDraft = {
  actionId: 'services.start',
  title: 'Start',
  changes: [{ target: 't', property: 'state', from: 'stopped', to: 'running' }],
  destructive: false,
  reversible: true,
  args: { service: 'ADSync' },
};

describe('PlanStore', () => {
  it('hands a plan out once and hides its args from the renderer copy', () => {
    const store = new PlanStore();
    const plan = store.add(draft, 'kb2882421', 'step');
    expect(plan).not.toHaveProperty('args');
    expect(plan.planId).toMatch(/^[0-9a-f]{32}$/);
    const taken = store.take(plan.planId);
    expect(taken).not.toBe('unknown');
    expect(taken !== 'unknown' && taken !== 'expired' && taken.args).toEqual({ service: 'ADSync' });
    expect(store.take(plan.planId)).toBe('unknown');
  });

  it('refuses an expired plan', () => {
    let t = 0;
    const store = new PlanStore(1000, () => new Date(t));
    const plan = store.add(draft, 'p', 's');
    t = 1001;
    expect(store.take(plan.planId)).toBe('expired');
  });
});
