import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { fakeApi, flush } from '../test/fake-api';
import { PLAYBOOK_ID, STEP_ID, applied, plan, verdict } from '../test/fixtures';

function setup() {
  const fake = fakeApi();
  const store = createAppStore(fake.api);
  const run = () => store.getState().runs[STEP_ID];
  return { fake, store, run };
}

/** Start the playbook and answer the automatic probe with a failing verdict. */
async function startFailing() {
  const t = setup();
  expect(t.store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID)).toBe(true);
  t.fake.reply('step:probe', verdict('fail'));
  await flush();
  return t;
}

describe('wizard slice', () => {
  it('starts a playbook at its first step and runs its check at once', async () => {
    const { fake, store, run } = setup();
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    expect(store.getState().playbookId).toBe(PLAYBOOK_ID);
    expect(store.getState().selectedStepId).toBe(STEP_ID);
    expect(run()?.phase).toBe('probing');
    expect(fake.next('step:probe').request).toEqual({ playbookId: PLAYBOOK_ID, stepId: STEP_ID });
    fake.reply('step:probe', verdict('fail'));
    await flush();
    expect(run()?.phase).toBe('failed');
    expect(run()?.verdict?.summary).toMatch(/is stopped/);
  });

  it('refuses an unknown playbook and leaves the state alone', () => {
    const { fake, store } = setup();
    expect(store.getState().startPlaybook('no-such-playbook')).toBe(false);
    expect(store.getState().playbookId).toBeNull();
    expect(fake.calls).toHaveLength(0);
  });

  it('probe fail -> plan -> confirm -> applied with a passing re-check ends verified', async () => {
    const { fake, store, run } = await startFailing();

    const planning = store.getState().planFix(STEP_ID);
    expect(run()?.phase).toBe('planning');
    expect(fake.next('step:plan').request).toEqual({ playbookId: PLAYBOOK_ID, stepId: STEP_ID });
    fake.reply('step:plan', plan());
    await planning;
    expect(run()?.phase).toBe('confirming');
    expect(run()?.plan?.changes[0]).toMatchObject({ from: 'stopped', to: 'running' });
    // Nothing has been applied while the dialog waits.
    expect(fake.count('step:apply')).toBe(0);

    const applying = store.getState().confirmFix(STEP_ID);
    expect(run()?.phase).toBe('applying');
    expect(fake.next('step:apply').request).toEqual({ planId: 'plan-0001-abcdef' });
    fake.reply('step:apply', applied(true));
    await applying;
    expect(run()?.phase).toBe('verified');
    expect(run()?.outcome?.recheck?.summary).toBe('Microsoft Azure AD Sync is running.');
    // The re-check replaces the old verdict: the step no longer claims the service is stopped.
    expect(run()?.verdict?.status).toBe('pass');
  });

  it('an applied fix whose re-check still fails ends still-failing', async () => {
    const { fake, store, run } = await startFailing();
    void store.getState().planFix(STEP_ID);
    fake.reply('step:plan', plan());
    await flush();
    void store.getState().confirmFix(STEP_ID);
    fake.reply('step:apply', applied(true, verdict('fail')));
    await flush();
    expect(run()?.phase).toBe('still-failing');
  });

  it('a fix the host refuses ends fix-failed with the host error kept for display', async () => {
    const { fake, store, run } = await startFailing();
    void store.getState().planFix(STEP_ID);
    fake.reply('step:plan', plan());
    await flush();
    void store.getState().confirmFix(STEP_ID);
    fake.reply('step:apply', applied(false));
    await flush();
    expect(run()?.phase).toBe('fix-failed');
    expect(run()?.outcome?.fix.errorCode).toBe('service-logon-failed');
    expect(run()?.outcome?.recheck).toBeNull();
  });

  it('an apply call that errors ends fix-failed with the error message shown', async () => {
    const { fake, store, run } = await startFailing();
    void store.getState().planFix(STEP_ID);
    fake.reply('step:plan', plan());
    await flush();
    void store.getState().confirmFix(STEP_ID);
    fake.fail('step:apply', { code: 'conflict', message: 'The plan has expired; plan the fix again.', detail: null });
    await flush();
    expect(run()?.phase).toBe('fix-failed');
    expect(run()?.error).toEqual({ code: 'conflict', message: 'The plan has expired; plan the fix again.' });
    // From fix-failed the admin may plan again.
    void store.getState().planFix(STEP_ID);
    expect(run()?.phase).toBe('planning');
  });

  it('cancel closes the dialog without applying anything', async () => {
    const { fake, store, run } = await startFailing();
    void store.getState().planFix(STEP_ID);
    fake.reply('step:plan', plan());
    await flush();
    store.getState().cancelFix(STEP_ID);
    expect(run()?.phase).toBe('failed');
    expect(run()?.plan).toBeNull();
    await store.getState().confirmFix(STEP_ID);
    expect(fake.count('step:apply')).toBe(0);
  });

  it('confirming twice (double click) applies the plan once', async () => {
    const { fake, store, run } = await startFailing();
    void store.getState().planFix(STEP_ID);
    fake.reply('step:plan', plan());
    await flush();
    const first = store.getState().confirmFix(STEP_ID);
    const second = store.getState().confirmFix(STEP_ID);
    expect(fake.count('step:apply')).toBe(1);
    fake.reply('step:apply', applied(true));
    await Promise.all([first, second]);
    expect(run()?.phase).toBe('verified');
    expect(fake.count('step:apply')).toBe(1);
  });

  it('a plan of null (nothing to fix any more) ends no-fix without a dialog', async () => {
    const { fake, store, run } = await startFailing();
    void store.getState().planFix(STEP_ID);
    fake.reply('step:plan', null);
    await flush();
    expect(run()?.phase).toBe('no-fix');
  });

  it('a probe error is kept with its code and message', async () => {
    const { fake, store, run } = setup();
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    fake.fail('step:probe', { code: 'host', message: 'The sync server did not answer.', detail: 'script-timeout' });
    await flush();
    expect(run()?.phase).toBe('probe-error');
    expect(run()?.error).toEqual({ code: 'host', message: 'The sync server did not answer. (script-timeout)' });
  });

  it('ignores a probe answer that arrives after the playbook was closed and opened again', async () => {
    const { fake, store, run } = setup();
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    const stale = fake.next('step:probe');
    store.getState().closePlaybook();
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    expect(fake.count('step:probe')).toBe(2);
    const fresh = fake.calls.filter((c) => c.channel === 'step:probe')[1]!;
    // The old probe saw a passing service; the new one sees it stopped. Only the new one counts.
    stale.answer({ ok: true, value: verdict('pass') });
    await flush();
    expect(run()?.phase).toBe('probing');
    fresh.answer({ ok: true, value: verdict('fail') });
    await flush();
    expect(run()?.phase).toBe('failed');
  });

  it('ignores an apply answer that arrives after the wizard was reset (scenario switched)', async () => {
    const { fake, store, run } = await startFailing();
    void store.getState().planFix(STEP_ID);
    fake.reply('step:plan', plan());
    await flush();
    void store.getState().confirmFix(STEP_ID);
    const staleApply = fake.next('step:apply');
    store.getState().resetWizard();
    // resetWizard re-runs the check of the shown step against the new facts.
    expect(run()?.phase).toBe('probing');
    staleApply.answer({ ok: true, value: applied(true) });
    await flush();
    expect(run()?.phase).toBe('probing');
    expect(run()?.outcome).toBeNull();
  });

  it('does not plan a fix before the check has failed', async () => {
    const { fake, store, run } = setup();
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    fake.reply('step:probe', verdict('pass'));
    await flush();
    expect(run()?.phase).toBe('passed');
    await store.getState().planFix(STEP_ID);
    expect(fake.count('step:plan')).toBe(0);
    expect(run()?.phase).toBe('passed');
  });

  it('ignores actions for steps that are not in the open playbook', async () => {
    const { fake, store } = setup();
    await store.getState().probeStep(STEP_ID); // no playbook open
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    store.getState().selectStep('no-such-step');
    expect(store.getState().selectedStepId).toBe(STEP_ID);
    expect(fake.count('step:probe')).toBe(1);
  });
});

describe('progress restored from an earlier run', () => {
  const OTHER = 'm1-s3-cloud-account';
  const checkedAt = '2026-11-22T03:48:00.000Z';
  const savedProgress = (selectedStepId: string | null) => ({
    version: 1 as const,
    playbookId: PLAYBOOK_ID,
    selectedStepId,
    savedAt: '2026-11-22T04:00:00.000Z',
    steps: {
      [STEP_ID]: { phase: 'verified' as const, verdict: verdict('pass', { checkedAt }) },
      [OTHER]: { phase: 'failed' as const, verdict: verdict('fail', { checkedAt }) },
    },
  });

  it('is marked as not checked since it was saved, and opening such a step checks it again', async () => {
    const { fake, store } = setup();
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    fake.reply('step:probe', verdict('fail'));
    fake.reply('progress:load', { progress: savedProgress(null), problem: null });
    await flush();
    // The step checked in this run keeps its own verdict; the other shows the restored one, marked.
    expect(store.getState().runs[STEP_ID]?.phase).toBe('failed');
    expect(store.getState().runs[OTHER]?.phase).toBe('failed');
    expect(store.getState().notCheckedSince).toEqual({ [OTHER]: checkedAt });

    store.getState().selectStep(OTHER);
    expect(store.getState().runs[OTHER]?.phase).toBe('probing');
    expect(fake.next('step:probe').request).toEqual({ playbookId: PLAYBOOK_ID, stepId: OTHER });
    expect(store.getState().notCheckedSince).toEqual({});
    fake.reply('step:probe', verdict('pass'));
    await flush();
    expect(store.getState().runs[OTHER]?.phase).toBe('passed');
  });

  it('the step resumed at is checked again before its old verdict is relied on', async () => {
    const { fake, store } = setup();
    store.getState().startPlaybook(PLAYBOOK_ID);
    fake.reply('step:probe', verdict('pass'));
    fake.reply('progress:load', { progress: savedProgress(OTHER), problem: null });
    await flush();
    expect(store.getState().selectedStepId).toBe(OTHER);
    expect(store.getState().runs[OTHER]?.phase).toBe('probing');
    // The verified step not opened yet still says it is from the earlier run.
    expect(store.getState().notCheckedSince).toEqual({ [STEP_ID]: checkedAt });
  });

  it('a reset (another scenario, another directory) forgets the marks with the runs', async () => {
    const { fake, store } = setup();
    store.getState().startPlaybook(PLAYBOOK_ID, OTHER);
    fake.reply('step:probe', verdict('fail'));
    fake.reply('progress:load', { progress: savedProgress(null), problem: null });
    await flush();
    expect(Object.keys(store.getState().notCheckedSince)).toEqual([STEP_ID]);
    store.getState().resetWizard();
    expect(store.getState().notCheckedSince).toEqual({});
    expect(store.getState().runs[STEP_ID]).toBeUndefined();
  });
});

describe('progress that cannot be saved', () => {
  it('says so once in the wizard (the steps keep working), and a new playbook starts without the notice', async () => {
    const { fake, store, run } = setup();
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    fake.reply('progress:load', { progress: null, problem: null });
    fake.reply('step:probe', verdict('fail'));
    await flush();
    expect(run()?.phase).toBe('failed');
    fake.fail('progress:save', {
      code: 'unavailable',
      message: 'this account may not write the folder where progress is sealed; start the app as an administrator to keep it.',
      detail: null,
    });
    await flush();
    expect(store.getState().progressProblem).toBe(
      'Progress is not saved for the next start: this account may not write the folder where progress is sealed; start the app as an administrator to keep it.',
    );
    store.getState().closePlaybook();
    expect(store.getState().progressProblem).toBeNull();
  });
});
