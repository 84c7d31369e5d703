// @vitest-environment happy-dom
// The whole window against a fake engine: home screen facts, then the Method 1 step 2 wizard
// from a failing check through the confirm dialog to the verified re-check.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { App } from './App';
import { StoreProvider } from '../state/context';
import { createAppStore } from '../state/store';
import { fakeApi } from '../test/fake-api';
import { ApiProvider } from '../api/app-api';
import { PLAYBOOK_ID, SCENARIOS, STEP_ID, appInfo, applied, plan, verdict } from '../test/fixtures';
import { dateTime } from '../words';

afterEach(cleanup);

function renderApp() {
  const fake = fakeApi();
  const store = createAppStore(fake.api);
  render(
    <ApiProvider api={fake.api}>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </ApiProvider>,
  );
  /** Answer a pending call and let React render the result. */
  const reply = (...args: Parameters<typeof fake.reply>) => act(async () => fake.reply(...args));
  return { fake, store, reply };
}

describe('App', () => {
  it('shows the host, directory and sync tool, and the lab banner with its scenarios', async () => {
    const { reply } = renderApp();
    await reply('app:info', appInfo());
    expect(screen.getByTestId('host-name').textContent).toBe('SYNC01 (lab.example.com)');
    expect(screen.getByTestId('sync-tool').textContent).toContain('Microsoft Entra Connect (Azure AD Connect) (version 2.3.20.0, 64-bit)');
    expect(screen.getByTestId('directory').textContent).toBe('lab.example.com via lab directory');
    expect(screen.getByTestId('lab-scenario').textContent).toBe('Sync service stopped');
    await reply('lab:list-scenarios', SCENARIOS);
    const options = Array.from(screen.getByTestId('scenario-select').querySelectorAll('option')).map((o) => o.textContent);
    expect(options).toEqual(['Healthy Entra Connect', 'Sync service stopped']);
  });

  it('says clearly when a 32-bit DirSync that Microsoft no longer supports is found', async () => {
    const { reply } = renderApp();
    await reply(
      'app:info',
      appInfo({
        syncTool: {
          generation: 'dirsync',
          label: 'Windows Azure Active Directory Sync tool (DirSync)',
          version: '1.0.6862.0',
          bitness: '32',
          supported: false,
          status: 'retired',
        },
      }),
    );
    expect(screen.getByTestId('sync-tool').textContent).toContain('32-bit');
    expect(screen.getByTestId('sync-tool').textContent).toContain('Retired: Microsoft no longer accepts this build');
  });

  it('walks the Method 1 step 2 wizard: problem found, confirm, fixed and re-checked', async () => {
    const { fake, reply } = renderApp();
    await reply('app:info', appInfo());
    await reply('lab:list-scenarios', SCENARIOS);

    // The playbook opens at step 1 (the tool's build); this test walks step 2 from the step list.
    fireEvent.click(screen.getByTestId(`start-${PLAYBOOK_ID}`));
    await reply('step:probe', verdict('pass', { summary: 'Microsoft Entra Connect 2.6.84.0 is a supported build.' }));
    fireEvent.click(screen.getByTestId(`step-item-${STEP_ID}`));
    expect(screen.getByTestId('wizard')).toBeTruthy();
    expect(screen.getByTestId('step-citation').textContent).toContain('KB 2882421 · Method 1 · Step 2');
    expect(screen.getByTestId('step-phase').textContent).toBe('Checking…');

    await reply('step:probe', verdict('fail'));
    expect(screen.getByTestId('verdict-summary').textContent).toMatch(/is stopped/);
    expect(document.activeElement?.textContent).toBe('What we found');
    expect(screen.getByTestId('verdict-evidence').textContent).toContain('stopped');

    fireEvent.click(screen.getByTestId('fix-button'));
    await reply('step:plan', plan());
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('state stopped → running');
    // Everything behind the dialog is inert while it is open.
    expect(document.querySelector('main')?.hasAttribute('inert')).toBe(true);
    expect(fake.count('step:apply')).toBe(0);

    fireEvent.click(screen.getByText('Yes, make this change'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(screen.getByTestId('step-phase').textContent).toBe('Fixing…');
    expect(screen.queryByTestId('recheck-summary')).toBeNull();

    await reply('step:apply', applied(true));
    expect(screen.getByTestId('step-phase').textContent).toBe('Fixed and checked');
    expect(screen.getByTestId('fix-summary').textContent).toBe('Microsoft Azure AD Sync started.');
    expect(screen.getByTestId('recheck-summary').textContent).toBe('Microsoft Azure AD Sync is running.');
    expect(document.activeElement?.textContent).toBe('Result');
    // Two of twelve steps are settled: the playbook goes on with the next step, not "all done".
    expect(screen.queryByTestId('playbook-done')).toBeNull();
    expect(screen.getByText('Next step')).toBeTruthy();
  });

  it('shows why a fix failed, with the host error code', async () => {
    const { reply } = renderApp();
    await reply('app:info', appInfo());
    // The playbook opens at step 1 (the tool's build); this test walks step 2 from the step list.
    fireEvent.click(screen.getByTestId(`start-${PLAYBOOK_ID}`));
    await reply('step:probe', verdict('pass', { summary: 'Microsoft Entra Connect 2.6.84.0 is a supported build.' }));
    fireEvent.click(screen.getByTestId(`step-item-${STEP_ID}`));
    await reply('step:probe', verdict('fail'));
    fireEvent.click(screen.getByTestId('fix-button'));
    await reply('step:plan', plan());
    fireEvent.click(screen.getByText('Yes, make this change'));
    await reply('step:apply', applied(false));
    expect(screen.getByTestId('step-phase').textContent).toBe('Fix did not work');
    expect(screen.getByTestId('fix-summary').textContent).toContain('error 1069');
    expect(screen.getByTestId('step-result').textContent).toContain('service-logon-failed');
    expect(screen.getByTestId('fix-button').textContent).toBe('Try the fix again…');
  });

  it('Escape in the dialog cancels and gives focus back to the fix button', async () => {
    const { fake, reply } = renderApp();
    await reply('app:info', appInfo());
    // The playbook opens at step 1 (the tool's build); this test walks step 2 from the step list.
    fireEvent.click(screen.getByTestId(`start-${PLAYBOOK_ID}`));
    await reply('step:probe', verdict('pass', { summary: 'Microsoft Entra Connect 2.6.84.0 is a supported build.' }));
    fireEvent.click(screen.getByTestId(`step-item-${STEP_ID}`));
    await reply('step:probe', verdict('fail'));
    const fixButton = screen.getByTestId('fix-button');
    fixButton.focus();
    fireEvent.click(fixButton);
    await reply('step:plan', plan());
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('fix-button'));
    expect(fake.count('step:apply')).toBe(0);
    expect(screen.getByTestId('step-phase').textContent).toBe('Problem found');
  });

  it('shows an error with a retry when app:info fails', async () => {
    const { fake } = renderApp();
    await act(async () => fake.fail('app:info', { code: 'timeout', message: 'No answer after 17 seconds.', detail: 'app:info' }));
    expect(screen.getByRole('alert').textContent).toContain('No answer after 17 seconds.');
    fireEvent.click(screen.getByText('Try again'));
    expect(fake.count('app:info')).toBe(2);
  });
});

describe('App lab scenarios', () => {
  it('loads another scenario from the picker and puts focus on the lab banner', async () => {
    const { fake, reply } = renderApp();
    await reply('app:info', appInfo());
    await reply('lab:list-scenarios', SCENARIOS);
    fireEvent.change(screen.getByTestId('scenario-select'), { target: { value: 'healthy-entra-connect' } });
    fireEvent.click(screen.getByText('Load scenario'));
    expect(fake.next('lab:load-scenario').request).toEqual({ scenarioId: 'healthy-entra-connect' });
    await reply('lab:load-scenario', appInfo({ scenario: { id: 'healthy-entra-connect', title: 'Healthy Entra Connect' } }));
    expect(screen.getByTestId('lab-scenario').textContent).toBe('Healthy Entra Connect');
    expect(document.activeElement?.textContent).toBe('Lab mode: practice server');
  });

  it('a step restored from an earlier run says when it was checked, and is checked again when opened', async () => {
    const { fake, reply } = renderApp();
    await reply('app:info', appInfo());
    await reply('lab:list-scenarios', SCENARIOS);
    fireEvent.click(screen.getByTestId(`start-${PLAYBOOK_ID}`));
    await reply('step:probe', verdict('pass'));
    const checkedAt = '2026-11-22T04:48:00.000Z';
    await reply('progress:load', {
      progress: {
        version: 1,
        playbookId: PLAYBOOK_ID,
        selectedStepId: null,
        savedAt: checkedAt,
        steps: { [STEP_ID]: { phase: 'verified', verdict: verdict('pass', { checkedAt }) } },
      },
      problem: null,
    });
    const item = screen.getByTestId(`step-item-${STEP_ID}`);
    expect(item.textContent).toContain(`from ${dateTime(checkedAt)}, not checked since`);
    expect(dateTime(checkedAt)).toMatch(/2026/);
    fireEvent.click(item);
    expect(fake.next('step:probe').request).toEqual({ playbookId: PLAYBOOK_ID, stepId: STEP_ID });
    expect(screen.getByTestId('step-phase').textContent).toBe('Checking…');
    await reply('step:probe', verdict('fail'));
    expect(screen.getByTestId(`step-item-${STEP_ID}`).textContent).not.toContain('not checked since');
    expect(screen.getByTestId('verdict-time').textContent).toBe(`Checked at ${dateTime(verdict('fail').checkedAt)}`);
  });

  it('the scenario picker describes the loaded scenario; one only picked is said to be not loaded yet', async () => {
    const { fake, reply } = renderApp();
    await reply('app:info', appInfo());
    await reply('lab:list-scenarios', SCENARIOS);
    expect(screen.getByTestId('scenario-description').textContent).toBe('ADSync is stopped.');
    fireEvent.change(screen.getByTestId('scenario-select'), { target: { value: 'healthy-entra-connect' } });
    // Still the stopped server's description: nothing was loaded.
    expect(screen.getByTestId('scenario-description').textContent).toBe('ADSync is stopped.');
    expect(screen.getByTestId('scenario-not-loaded').textContent).toBe(
      'Healthy Entra Connect is not loaded yet: the checks still read Sync service stopped. Press Load scenario to switch.',
    );
    fireEvent.click(screen.getByText('Load scenario'));
    await reply('lab:load-scenario', appInfo({ scenario: { id: 'healthy-entra-connect', title: 'Healthy Entra Connect' } }));
    expect(fake.count('lab:load-scenario')).toBe(1);
    expect(screen.getByTestId('scenario-description').textContent).toBe('Everything works.');
    expect(screen.queryByTestId('scenario-not-loaded')).toBeNull();
  });
});
