// Seed 002's UPN suffix move: the users per UPN suffix, a non-routable suffix to move users off,
// the users to move (chosen in the picker) and the verified domain to move them to.
import { useId, useState } from 'react';
import { useStore } from 'zustand';
import { MAX_UPN_CHOICE } from '../../shared/readiness/ipc';
import { moveChoiceOf } from './upn-pick';
import { UpnUserPicker } from './UpnUserPicker';
import type { WorkbenchStore } from './workbench-store';

export function UpnSuffixPanel({ store }: { store: WorkbenchStore }) {
  const upn = useStore(store, (s) => s.upn);
  const error = useStore(store, (s) => s.upnError);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromId = useId();
  const toId = useId();
  const whyId = useId();
  const nonRoutable = upn?.suffixes.filter((x) => !x.routable) ?? [];
  const picked = useStore(store, (s) => s.upnPick);
  const pick = from && picked?.from === from ? picked : null;
  const choice = moveChoiceOf(pick);
  const ready = choice.ready && to.trim() !== '';
  const why = !choice.ready ? choice.why : 'Type the verified domain to move them to.';
  return (
    <section className="panel" aria-labelledby="upn-title" data-testid="upn-panel">
      <h2 id="upn-title">Non-routable UPN suffixes</h2>
      <p className="muted">
        Users whose sign-in name ends in a suffix such as .local cannot sign in to Microsoft 365 with it. Add a domain verified in your tenant to the forest and
        move the users you choose to it; users whose new name would collide are held back.
      </p>
      <button type="button" className="btn" onClick={() => void store.getState().loadUpnSuffixes()} data-testid="upn-load">
        List UPN suffixes
      </button>
      {error && (
        <p className="notice notice-bad" role="alert">
          {error.message}
        </p>
      )}
      {upn && (
        <>
          <table className="evidence" data-testid="upn-suffixes">
            <caption className="visually-hidden">Users per UPN suffix</caption>
            <thead>
              <tr>
                <th scope="col">Suffix</th>
                <th scope="col">Users</th>
                <th scope="col">Routable</th>
                <th scope="col">For example</th>
              </tr>
            </thead>
            <tbody>
              {upn.suffixes.map((x) => (
                <tr key={x.suffix}>
                  <td>{x.suffix}</td>
                  <td>{x.users}</td>
                  <td>{x.routable ? 'yes' : 'no'}</td>
                  <td>{x.sample.map((u) => u.userPrincipalName).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="filters">
            <label htmlFor={fromId}>Move users of</label>
            <select
              id={fromId}
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                if (e.target.value) void store.getState().loadUpnUsers(e.target.value);
              }}
              data-testid="upn-from"
            >
              <option value="">Choose a suffix</option>
              {nonRoutable.map((x) => (
                <option key={x.suffix} value={x.suffix}>
                  {x.suffix} ({x.users})
                </option>
              ))}
              {/* A suffix every user was moved off stays chosen (its list says it is empty) until another is picked. */}
              {from && !nonRoutable.some((x) => x.suffix === from) && <option value={from}>{from} (0)</option>}
            </select>
            <label htmlFor={toId}>to the verified domain</label>
            <input id={toId} type="text" value={to} onChange={(e) => setTo(e.target.value)} placeholder="contoso.com" data-testid="upn-to" />
          </div>
          {pick?.list && !pick.list.truncated && pick.list.users.length > 0 && (
            <UpnUserPicker list={pick.list} leftOut={pick.leftOut} onChoose={(dns, chosen) => store.getState().setUpnChosen(dns, chosen)} />
          )}
          {pick?.list?.truncated && (
            <p className="notice" data-testid="upn-too-many">
              {pick.from} has more than {MAX_UPN_CHOICE.toLocaleString()} users, too many to choose from one by one: the move takes every one of them, and the
              preview lists each before anything is written.
            </p>
          )}
          <div className="filters">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!ready}
              aria-describedby={ready ? undefined : whyId}
              onClick={() => choice.ready && void store.getState().previewUpnMove(from, to.trim(), choice.users)}
              data-testid="upn-preview"
            >
              {choice.ready && choice.chosen !== null ? `Preview the move of ${choice.chosen.toLocaleString()} user(s)` : 'Preview the move'}
            </button>
            {!ready && (
              <span id={whyId} className={pick?.error ? 'notice notice-bad' : 'muted'} role={pick?.error ? 'alert' : undefined} data-testid="upn-preview-why">
                {why}
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
