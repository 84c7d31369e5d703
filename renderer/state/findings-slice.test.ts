import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { fakeApi, flush } from '../test/fake-api';
import { FINDING } from '../test/fixtures';

describe('findings slice', () => {
  it('runs triage:diagnose and keeps the findings', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    void store.getState().diagnose();
    expect(store.getState().findingsStatus).toBe('loading');
    fake.reply('triage:diagnose', [FINDING]);
    await flush();
    expect(store.getState().findings).toEqual([FINDING]);
    expect(store.getState().findingsStatus).toBe('ready');
  });

  it('keeps the error of a failed diagnose', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    void store.getState().diagnose();
    fake.fail('triage:diagnose', { code: 'unavailable', message: 'No directory configured', detail: null });
    await flush();
    expect(store.getState().findingsStatus).toBe('error');
    expect(store.getState().findingsError?.message).toBe('No directory configured');
  });

  it('drops findings that arrive after they were cleared', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    void store.getState().diagnose();
    store.getState().clearFindings();
    fake.reply('triage:diagnose', [FINDING]);
    await flush();
    expect(store.getState().findings).toBeNull();
    expect(store.getState().findingsStatus).toBe('idle');
  });
});
