// @vitest-environment happy-dom
// The UPN panel's user picker: the users of the chosen suffix are listed (all chosen), a search
// leaves some out at once, the keyboard moves through the list and Space leaves one out, the count
// follows, the preview asks for exactly the chosen DNs, and with none chosen it says why it cannot.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeApi, flush } from '../test/fake-api';
import { createWorkbenchStore } from './workbench-store';
import { WorkbenchPage } from './WorkbenchPage';

afterEach(cleanup);

// happy-dom lays nothing out: give scroll boxes a size so the virtualized list renders its rows.
const sized = ['clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth'] as const;
const saved = sized.map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)] as const);
beforeAll(() => {
  for (const k of sized) Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => (k.endsWith('Height') ? 400 : 800) });
});
afterAll(() => {
  for (const [k, d] of saved) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});

const users = ['ann', 'bob', 'cyd'].map((n) => ({ dn: `CN=${n},OU=Staff,DC=corp,DC=local`, userPrincipalName: `${n}@corp.local` }));

async function panelWithUsers() {
  const fake = fakeApi();
  const store = createWorkbenchStore(fake.api, { pollMs: 0 });
  store.setState({ upn: { forestSuffixes: [], domain: 'corp.local', suffixes: [{ suffix: 'corp.local', users: 3, routable: false, sample: users }] } });
  render(<WorkbenchPage store={store} />);
  fireEvent.change(screen.getByTestId('upn-from'), { target: { value: 'corp.local' } });
  await act(flush);
  expect(screen.getByTestId('upn-preview-why').textContent).toBe('Listing the users of corp.local…');
  await act(async () => {
    fake.reply('readiness:upn-users', { suffix: 'corp.local', users, truncated: false });
    await flush();
  });
  return { fake, store };
}

const shown = () =>
  screen.getAllByTestId('upn-user').map((li) => `${li.getAttribute('aria-selected') === 'true' ? '+' : '-'}${li.querySelector('.upn-user-name')!.textContent}`);

describe('UPN move user picker', () => {
  it('lists every user chosen; search, keyboard and Space leave users out; the preview asks for the chosen DNs only', async () => {
    const { fake } = await panelWithUsers();
    expect(shown()).toEqual(['+ann@corp.local', '+bob@corp.local', '+cyd@corp.local']);
    expect(screen.getByTestId('upn-chosen-count').textContent).toBe('3 of 3 users of corp.local chosen to move.');
    const preview = screen.getByTestId('upn-preview') as HTMLButtonElement;
    expect(preview.disabled).toBe(true);
    expect(screen.getByTestId('upn-preview-why').textContent).toBe('Type the verified domain to move them to.');
    fireEvent.change(screen.getByTestId('upn-to'), { target: { value: ' corp.example.com ' } });
    expect(preview.disabled).toBe(false);
    expect(preview.textContent).toBe('Preview the move of 3 user(s)');

    // A search, then "leave out the 1 found".
    fireEvent.change(screen.getByTestId('upn-user-search'), { target: { value: 'BOB' } });
    expect(shown()).toEqual(['+bob@corp.local']);
    fireEvent.click(screen.getByTestId('upn-leave-found'));
    expect(screen.getByTestId('upn-chosen-count').textContent).toBe('2 of 3 users of corp.local chosen to move; 1 found by the search.');

    // By keyboard: to the last user, Space leaves it out; Home and Space on ann twice is a no-op.
    fireEvent.change(screen.getByTestId('upn-user-search'), { target: { value: '' } });
    const list = screen.getByTestId('upn-user-list');
    fireEvent.keyDown(list, { key: 'End' });
    expect(list.getAttribute('aria-activedescendant')).toBe(screen.getAllByTestId('upn-user')[2]!.id);
    fireEvent.keyDown(list, { key: ' ' });
    fireEvent.keyDown(list, { key: 'Home' });
    fireEvent.keyDown(list, { key: ' ' });
    fireEvent.keyDown(list, { key: ' ' });
    expect(shown()).toEqual(['+ann@corp.local', '-bob@corp.local', '-cyd@corp.local']);
    expect(preview.textContent).toBe('Preview the move of 1 user(s)');

    fireEvent.click(preview);
    await act(flush);
    expect(fake.next('readiness:upn-move-preview').request).toEqual({ from: 'corp.local', to: 'corp.example.com', userDns: [users[0]!.dn] });
  });

  it('with nobody chosen the preview is off and says why; a click on a user chooses it again', async () => {
    await panelWithUsers();
    fireEvent.change(screen.getByTestId('upn-to'), { target: { value: 'corp.example.com' } });
    fireEvent.click(screen.getByTestId('upn-leave-found'));
    expect((screen.getByTestId('upn-preview') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('upn-preview-why').textContent).toBe('No user is chosen: choose at least one user to move.');
    fireEvent.click(screen.getAllByTestId('upn-user')[1]!);
    expect(shown()).toEqual(['-ann@corp.local', '+bob@corp.local', '-cyd@corp.local']);
    expect((screen.getByTestId('upn-preview') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.change(screen.getByTestId('upn-user-search'), { target: { value: 'nobody' } });
    expect(screen.getByTestId('upn-user-none').textContent).toBe('No user of corp.local matches “nobody”.');
  });

  it('after every user was moved off the suffix, it stays chosen and the panel says it has no users', async () => {
    const { fake, store } = await panelWithUsers();
    fireEvent.change(screen.getByTestId('upn-to'), { target: { value: 'corp.example.com' } });
    // The reload after the move: the suffix is gone from the report, and has no users.
    await act(async () => {
      store.setState({
        upn: {
          forestSuffixes: ['corp.example.com'],
          domain: 'corp.local',
          suffixes: [{ suffix: 'corp.example.com', users: 3, routable: true, sample: users }],
        },
      });
      void store.getState().loadUpnUsers('corp.local');
      await flush();
      fake.reply('readiness:upn-users', { suffix: 'corp.local', users: [], truncated: false });
      await flush();
    });
    expect((screen.getByTestId('upn-from') as HTMLSelectElement).value).toBe('corp.local');
    expect(screen.getByRole('option', { name: 'corp.local (0)' })).toBeTruthy();
    expect(screen.queryByTestId('upn-picker')).toBeNull();
    expect((screen.getByTestId('upn-preview') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('upn-preview-why').textContent).toBe('No user has a UPN ending in @corp.local any more.');
  });

  it('a suffix with more users than the picker holds is moved whole, and says so', async () => {
    const fake = fakeApi();
    const store = createWorkbenchStore(fake.api, { pollMs: 0 });
    store.setState({ upn: { forestSuffixes: [], domain: 'corp.local', suffixes: [{ suffix: 'corp.local', users: 3, routable: false, sample: users }] } });
    render(<WorkbenchPage store={store} />);
    fireEvent.change(screen.getByTestId('upn-from'), { target: { value: 'corp.local' } });
    await act(async () => {
      fake.reply('readiness:upn-users', { suffix: 'corp.local', users, truncated: true });
      await flush();
    });
    expect(screen.queryByTestId('upn-picker')).toBeNull();
    expect(screen.getByTestId('upn-too-many').textContent).toContain('too many to choose from one by one: the move takes every one of them');
    fireEvent.change(screen.getByTestId('upn-to'), { target: { value: 'corp.example.com' } });
    fireEvent.click(screen.getByTestId('upn-preview'));
    await act(flush);
    expect(fake.next('readiness:upn-move-preview').request).toEqual({ from: 'corp.local', to: 'corp.example.com' });
  });
});
