// Action ids are a union checked at build time (this file is compiled by `tsc -p tsconfig.json`:
// each @ts-expect-error below fails the typecheck if the line it marks ever compiles), and the
// wire schema of a plan refuses an unknown action at run time too.
import { describe, expect, it } from 'vitest';
import { ACTION_IDS, type ActionId } from './action-ids';
import type { FixPlanDraft } from './fix-plan';
import { PLAYBOOKS } from './index';
import { PlannedChange, type PlaybookStep } from './types';

const draft = (actionId: ActionId): FixPlanDraft => ({
  actionId,
  title: 't',
  changes: [{ target: 'x', property: 'y', from: '1', to: '2' }],
  destructive: false,
  reversible: true,
  args: {},
});

describe('action ids', () => {
  it('a plan names only a known action: the typecheck refuses a misspelt one', () => {
    expect(draft('services.start').actionId).toBe('services.start');
    // @ts-expect-error -- 'service.start' is not an action (the registry calls it services.start).
    expect(draft('service.start').actionId).toBe('service.start');
    const literal: Pick<FixPlanDraft, 'actionId'> = {
      // @ts-expect-error -- a plan written as a literal is checked the same way.
      actionId: 'tls.enabled',
    };
    expect(literal.actionId).toBe('tls.enabled');
  });

  it('a step names only its check (which knows its probe), and a check or fix that exists', () => {
    const base: PlaybookStep = PLAYBOOKS[0]!.steps[0]!;
    // @ts-expect-error -- a step does not name a probe: its check does.
    const withProbe: PlaybookStep = { ...base, probe: 'tls' };
    // @ts-expect-error -- an unknown check fails the typecheck.
    const unknownCheck: PlaybookStep = { ...base, check: 'tls13-enabled' };
    // @ts-expect-error -- so does an unknown fix.
    const unknownFix: PlaybookStep = { ...base, fix: 'enable-tls13' };
    expect([withProbe, unknownCheck, unknownFix]).toHaveLength(3);
  });

  it('the wire schema of a plan refuses an action id outside the union', () => {
    const plan = {
      planId: 'abcdef0123456789',
      playbookId: 'p',
      stepId: 's',
      title: 't',
      changes: [{ target: 'x', property: 'y', from: '1', to: '2' }],
      destructive: false,
      reversible: true,
      expiresAt: '2026-01-01T00:10:00.000Z',
    };
    expect(PlannedChange.safeParse({ ...plan, actionId: 'tls.enable' }).success).toBe(true);
    expect(PlannedChange.safeParse({ ...plan, actionId: 'tls.enabled' }).success).toBe(false);
  });

  it('lists each action once', () => {
    expect(new Set(ACTION_IDS).size).toBe(ACTION_IDS.length);
  });
});
