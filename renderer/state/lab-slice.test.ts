import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { fakeApi, flush } from '../test/fake-api';
import { FINDING, PLAYBOOK_ID, SCENARIOS, STEP_ID, appInfo, verdict } from '../test/fixtures';

describe('lab slice', () => {
  it('lists the scenarios', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    void store.getState().loadScenarios();
    expect(store.getState().scenariosStatus).toBe('loading');
    fake.reply('lab:list-scenarios', SCENARIOS);
    await flush();
    expect(store.getState().scenarios.map((s) => s.id)).toEqual(['healthy-entra-connect', 'sync-service-stopped']);
  });

  it('loading a scenario replaces the info and forgets runs and findings made against the old one', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    void store.getState().diagnose();
    fake.reply('triage:diagnose', [FINDING]);
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    fake.reply('step:probe', verdict('fail'));
    await flush();
    store.getState().closePlaybook();

    const loading = store.getState().loadScenario('healthy-entra-connect');
    expect(store.getState().loadingScenarioId).toBe('healthy-entra-connect');
    expect(fake.next('lab:load-scenario').request).toEqual({ scenarioId: 'healthy-entra-connect' });
    fake.reply('lab:load-scenario', appInfo({ scenario: { id: 'healthy-entra-connect', title: 'Healthy Entra Connect' } }));
    expect(await loading).toBe(true);
    const s = store.getState();
    expect(s.loadingScenarioId).toBeNull();
    expect(s.info?.scenario?.id).toBe('healthy-entra-connect');
    expect(s.findings).toBeNull();
    expect(s.runs).toEqual({});
  });

  it('re-checks the open step after a scenario switch', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    fake.reply('step:probe', verdict('fail'));
    await flush();
    void store.getState().loadScenario('healthy-entra-connect');
    fake.reply('lab:load-scenario', appInfo());
    await flush();
    expect(store.getState().runs[STEP_ID]?.phase).toBe('probing');
    expect(fake.count('step:probe')).toBe(2);
  });

  it('a refused scenario keeps the old state and the error', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    store.getState().setInfo(appInfo());
    const loading = store.getState().loadScenario('nope');
    fake.fail('lab:load-scenario', { code: 'not-found', message: 'Unknown scenario: nope', detail: null });
    expect(await loading).toBe(false);
    expect(store.getState().scenarioError?.code).toBe('not-found');
    expect(store.getState().info?.scenario?.id).toBe('sync-service-stopped');
    expect(store.getState().loadingScenarioId).toBeNull();
  });
});
