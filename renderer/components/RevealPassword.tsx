// A password a half-finished fix set, shown once so the admin can finish by hand: nothing is
// fetched until asked, it stays masked until "Show", and the main process forgets it once sent.
import { useState } from 'react';
import { useApp } from '../state/context';

export function RevealPassword({ revealId }: { revealId: string }) {
  const revealSecret = useApp((s) => s.revealSecret);
  const [secret, setSecret] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const [shown, setShown] = useState(false);

  if (gone) return <p className="muted">The password is no longer available from the app. Reset it again to finish.</p>;
  if (secret === null) {
    return (
      <p>
        <button
          type="button"
          className="btn"
          data-testid="reveal-password"
          onClick={() =>
            void revealSecret(revealId).then((s) => {
              if (s === null) setGone(true);
              else setSecret(s);
            })
          }
        >
          Get the new password (once)
        </button>{' '}
        <span className="muted small">The app gives it out one time only; have Services open to type it.</span>
      </p>
    );
  }
  return (
    <div className="secret-field">
      <label htmlFor="revealed-password">New password</label>
      <input id="revealed-password" type={shown ? 'text' : 'password'} readOnly value={secret} data-testid="revealed-password" />
      <button type="button" className="btn btn-link" aria-pressed={shown} onClick={() => setShown((v) => !v)}>
        {shown ? 'Hide' : 'Show'}
      </button>
      <p className="muted small">This is the only time the app shows it. Close the wizard and it is gone.</p>
    </div>
  );
}
