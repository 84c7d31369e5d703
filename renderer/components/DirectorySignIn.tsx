// Sign-in to Active Directory, shown while the app has no directory connection. The password
// lives in this form's field only until it is sent; it is cleared whatever the answer.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { AppInfo } from '../../shared/domain/app';
import type { IpcError } from '../../shared/ipc/errors';
import { shortBindPasswordWarning } from '../../shared/domain/bind-password';
import { useApp } from '../state/context';
import { ErrorNotice } from './ErrorNotice';

export function DirectorySignIn({ directory }: { directory: AppInfo['directory'] }) {
  const connectDirectory = useApp((s) => s.connectDirectory);
  const connecting = useApp((s) => s.connecting);
  const caFile = useApp((s) => s.caFile);
  const chooseCaFile = useApp((s) => s.chooseCaFile);
  const [error, setError] = useState<IpcError | null>(null);
  // Only the warning is kept, never the password: it stays in the field until it is sent.
  const [shortWarning, setShortWarning] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const suggested = directory.server ? `ldaps://${directory.server}:636` : 'ldaps://dc01.contoso.com:636';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = String(form.get(name) ?? '').trim();
      return v === '' ? undefined : v;
    };
    const password = String(form.get('password') ?? '');
    if (passwordRef.current) passwordRef.current.value = '';
    setShortWarning(null);
    const failure = await connectDirectory({
      bindDn: text('bindDn') ?? '',
      password,
      url: text('url'),
    });
    setError(failure);
    if (failure) passwordRef.current?.focus();
  }

  return (
    <form className="signin" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} data-testid="directory-signin">
      <h3 id={`${id}-title`}>Sign in to Active Directory</h3>
      <p className="muted small">
        Needed to check the sync service accounts. Use an account that may read and reset them (for example a domain admin). The password is used for this
        session only and is never saved.
      </p>
      <label htmlFor={`${id}-bind`}>Account (user@domain)</label>
      <input id={`${id}-bind`} name="bindDn" type="text" autoComplete="username" required placeholder="admin@contoso.com" />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        ref={passwordRef}
        name="password"
        type="password"
        autoComplete="off"
        required
        aria-describedby={shortWarning ? `${id}-password-short` : undefined}
        onChange={(e) => setShortWarning(shortBindPasswordWarning(e.currentTarget.value))}
      />
      {shortWarning && (
        <p id={`${id}-password-short`} className="notice small" role="status" data-testid="short-password-warning">
          {shortWarning}
        </p>
      )}
      <label htmlFor={`${id}-url`}>Domain controller {directory.server ? '(found automatically; change if needed)' : ''}</label>
      <input id={`${id}-url`} name="url" type="text" placeholder={suggested} aria-describedby={`${id}-url-help`} />
      <p id={`${id}-url-help`} className="muted small">
        Leave empty to use {directory.server ? directory.server : 'the domain controller found automatically'}. Only encrypted connections (ldaps://) are used.
      </p>
      <p id={`${id}-ca`} className="small">
        CA certificate to trust (optional): <span data-testid="ca-file-name">{caFile ? caFile.displayName : 'none, the system store only'}</span>
      </p>
      <div className="actions">
        <button type="button" className="btn" aria-describedby={`${id}-ca`} onClick={() => void chooseCaFile().then(setError)}>
          Choose CA file…
        </button>
        {caFile && (
          <button type="button" className="btn" aria-describedby={`${id}-ca`} onClick={() => void chooseCaFile(true).then(setError)}>
            Do not use a CA file
          </button>
        )}
      </div>
      {error && <ErrorNotice title="Could not sign in to Active Directory" error={error} />}
      <button type="submit" className="btn btn-primary" disabled={connecting} data-testid="signin-button">
        {connecting ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
