import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { fakeApi, flush } from '../test/fake-api';
import { FINDING, PLAYBOOK_ID, STEP_ID, appInfo, verdict } from '../test/fixtures';

describe('connection slice', () => {
  it('loads app:info and reports loading then ready', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    const done = store.getState().loadInfo();
    expect(store.getState().infoStatus).toBe('loading');
    fake.reply('app:info', appInfo());
    await done;
    expect(store.getState().infoStatus).toBe('ready');
    expect(store.getState().info?.host.computerName).toBe('SYNC01');
  });

  it('keeps the error when app:info fails, and clears it on a successful retry', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    void store.getState().loadInfo();
    fake.fail('app:info', { code: 'timeout', message: 'No answer', detail: null });
    await flush();
    expect(store.getState().infoStatus).toBe('error');
    expect(store.getState().infoError?.code).toBe('timeout');
    void store.getState().loadInfo();
    fake.reply('app:info', appInfo());
    await flush();
    expect(store.getState().infoError).toBeNull();
    expect(store.getState().infoStatus).toBe('ready');
  });

  it('an older app:info answer does not overwrite newer info', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    void store.getState().loadInfo();
    const older = fake.next('app:info');
    // A scenario load sets newer info while the first request is still out.
    store.getState().setInfo(appInfo({ scenario: { id: 'healthy-entra-connect', title: 'Healthy' } }));
    older.answer({ ok: true, value: appInfo() });
    await flush();
    expect(store.getState().info?.scenario?.id).toBe('healthy-entra-connect');
  });

  it('signing in to another directory forgets the runs and findings made against the old one', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    void store.getState().diagnose();
    fake.reply('triage:diagnose', [FINDING]);
    store.getState().startPlaybook(PLAYBOOK_ID, STEP_ID);
    fake.reply('step:probe', verdict('fail'));
    await flush();
    const connecting = store.getState().connectDirectory({ bindDn: 'admin@contoso.com', password: 'x' });
    fake.reply('directory:connect', appInfo());
    expect(await connecting).toBeNull();
    expect(store.getState().findings).toBeNull();
    // The open step is checked again against the new directory.
    expect(store.getState().runs[STEP_ID]?.phase).toBe('probing');
  });
});
