// @vitest-environment happy-dom
// The directory sign-in: sends what was typed, never keeps the password, says why it failed.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { App } from './App';
import { StoreProvider } from '../state/context';
import { createAppStore } from '../state/store';
import { fakeApi } from '../test/fake-api';
import { ApiProvider } from '../api/app-api';
import { appInfo } from '../test/fixtures';

afterEach(cleanup);

const notConnected = appInfo({
  mode: 'windows',
  scenario: null,
  directory: {
    kind: 'none',
    connected: false,
    domain: 'contoso.com',
    server: 'dc01.contoso.com',
    problem: 'Not connected to Active Directory: sign in to check the service accounts.',
  },
});

function renderSignedOut() {
  const fake = fakeApi();
  const store = createAppStore(fake.api);
  render(
    <ApiProvider api={fake.api}>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </ApiProvider>,
  );
  return {
    fake,
    store,
    reply: (...a: Parameters<typeof fake.reply>) => act(async () => fake.reply(...a)),
    fail: (...a: Parameters<typeof fake.fail>) => act(async () => fake.fail(...a)),
  };
}

function fill(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('DirectorySignIn', () => {
  it('shows the discovered DC, sends the credentials, clears the password and shows the connection', async () => {
    const { fake, reply } = renderSignedOut();
    await reply('app:info', notConnected);
    expect(screen.getByTestId('directory').textContent).toContain('sign in');
    expect(screen.getByTestId('directory-signin').textContent).toContain('dc01.contoso.com');
    fill(/Account/, ' admin@contoso.com ');
    fill(/^Password$/, 'S3cret-Value!');
    fireEvent.submit(screen.getByTestId('directory-signin'));
    const call = fake.next('directory:connect');
    // Empty optional fields are left out: the DC found by discovery is used.
    expect(call.request).toEqual({ bindDn: 'admin@contoso.com', password: 'S3cret-Value!', url: undefined });
    expect((screen.getByLabelText(/^Password$/) as HTMLInputElement).value).toBe('');
    await act(async () =>
      call.answer({
        ok: true,
        value: { ...notConnected, directory: { kind: 'ldap', connected: true, domain: 'contoso.com', server: 'dc01.contoso.com', problem: null } },
      }),
    );
    expect(screen.getByTestId('directory').textContent).toBe('contoso.com via dc01.contoso.com');
    expect(screen.queryByTestId('directory-signin')).toBeNull();
    expect(JSON.stringify(fake.calls.filter((c) => c.channel !== 'directory:connect').map((c) => c.request))).not.toContain('S3cret-Value!');
  });

  it('warns about a bind password shorter than 8 characters, and the warning goes when it is long enough', async () => {
    const { reply } = renderSignedOut();
    await reply('app:info', notConnected);
    expect(screen.queryByTestId('short-password-warning')).toBeNull();
    fill(/^Password$/, 'abc123');
    expect(screen.getByTestId('short-password-warning').textContent).toMatch(/shorter than 8 characters/);
    expect(screen.getByLabelText(/^Password$/).getAttribute('aria-describedby')).toBe(screen.getByTestId('short-password-warning').id);
    fill(/^Password$/, 'abc12345');
    expect(screen.queryByTestId('short-password-warning')).toBeNull();
  });

  it('has the main process pick the CA file: no path is typed or sent, only the name comes back', async () => {
    const { fake, reply } = renderSignedOut();
    await reply('app:info', notConnected);
    expect(screen.queryByRole('textbox', { name: /CA/ })).toBeNull();
    expect(screen.getByTestId('ca-file-name').textContent).toMatch(/none/);
    fireEvent.click(screen.getByRole('button', { name: /Choose CA file/ }));
    const pick = fake.next('directory:choose-ca-file');
    expect(pick.request).toEqual({});
    await act(async () => pick.answer({ ok: true, value: { caFile: { displayName: 'contoso-ca.pem' } } }));
    expect(screen.getByTestId('ca-file-name').textContent).toBe('contoso-ca.pem');
    fireEvent.click(screen.getByRole('button', { name: /Do not use a CA file/ }));
    const clear = fake.next('directory:choose-ca-file');
    expect(clear.request).toEqual({ clear: true });
    await act(async () => clear.answer({ ok: true, value: { caFile: null } }));
    expect(screen.getByTestId('ca-file-name').textContent).toMatch(/none/);
    fill(/Account/, 'admin@contoso.com');
    fill(/^Password$/, 'pw');
    fireEvent.submit(screen.getByTestId('directory-signin'));
    expect(Object.keys(fake.next('directory:connect').request)).not.toContain('caFile');
  });

  it('says why the CA file was refused', async () => {
    const { fake, reply } = renderSignedOut();
    await reply('app:info', notConnected);
    fireEvent.click(screen.getByRole('button', { name: /Choose CA file/ }));
    await act(async () =>
      fake
        .next('directory:choose-ca-file')
        .answer({ ok: false, error: { code: 'directory', message: 'The CA file is not a readable PEM certificate.', detail: 'bad-input' } }),
    );
    expect(screen.getByRole('alert').textContent).toContain('not a readable PEM certificate');
  });

  it('says why a sign-in failed and keeps the form', async () => {
    const { fail, reply } = renderSignedOut();
    await reply('app:info', notConnected);
    fill(/Account/, 'admin@contoso.com');
    fill(/^Password$/, 'wrong');
    fireEvent.submit(screen.getByTestId('directory-signin'));
    await fail('directory:connect', { code: 'directory', message: 'The user name or password is incorrect.', detail: 'invalid-credentials' });
    expect(screen.getByRole('alert').textContent).toContain('The user name or password is incorrect.');
    expect(screen.getByTestId('directory-signin')).toBeTruthy();
    expect((screen.getByLabelText(/^Password$/) as HTMLInputElement).value).toBe('');
  });
});
