// What the next scan covers: the whole domain, OUs the admin picks (from the directory's OUs,
// each included or excluded, by keyboard), or the sync server's own OU filtering (which
// connector and partition it came from; when it cannot be read, why and what to do instead).
// After a scan it shows the scope that scan ran with; a scope that differs from it means the
// next scan reads everything, and says so before it starts.
import { useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ScanScopeInfo } from '../../shared/readiness/ipc';
import { scopeRequestOf, type ScopeChoice, type WorkbenchStore } from './workbench-store';

/** OU rows shown at once; the search narrows the rest. */
const SHOWN = 200;

const norm = (dns: readonly string[]) =>
  dns
    .map((d) => d.toLowerCase())
    .sort()
    .join('|');

/** The DNs the choice stands for, when known (the server's only once it has been read). */
function resolvedOf(
  choice: ScopeChoice,
  domainDn: string | null,
  server: { baseDns: string[]; excludeDns: string[] } | null,
): { kind: ScanScopeInfo['kind']; baseDns: string[]; excludeDns: string[] } | null {
  if (choice.kind === 'domain') return domainDn ? { kind: 'domain', baseDns: [domainDn], excludeDns: [] } : { kind: 'domain', baseDns: [], excludeDns: [] };
  if (choice.kind === 'ous') return { kind: 'ous', baseDns: choice.include, excludeDns: choice.exclude };
  return server ? { kind: 'server', ...server } : null;
}

/** Does the scope of the last scan differ from the one chosen now? */
function differs(last: ScanScopeInfo, next: { kind: ScanScopeInfo['kind']; baseDns: string[]; excludeDns: string[] }): boolean {
  if (next.kind === 'domain' && last.kind === 'domain') return false;
  return norm(last.baseDns) !== norm(next.baseDns) || norm(last.excludeDns) !== norm(next.excludeDns);
}

export function describeScope(scope: ScanScopeInfo): string {
  if (scope.kind === 'domain') return 'the whole domain';
  if (scope.kind === 'server') return `as the sync server filters: ${scope.description ?? scope.baseDns.join('; ')}`;
  return `the OUs chosen: ${scope.baseDns.join('; ')}${scope.excludeDns.length ? `, without ${scope.excludeDns.join('; ')}` : ''}`;
}

export function ScanScopePanel({ store, disabled }: { store: WorkbenchStore; disabled: boolean }) {
  const scope = useStore(store, (s) => s.scope);
  const scanned = useStore(store, (s) => s.scannedScope);
  const summary = useStore(store, (s) => s.summary);
  const ous = useStore(store, (s) => s.ous);
  const ousError = useStore(store, (s) => s.ousError);
  const server = useStore(store, (s) => s.serverScope);
  const serverError = useStore(store, (s) => s.serverScopeError);
  const [search, setSearch] = useState('');
  const name = useId();
  const searchId = useId();
  const ousRadio = useRef<HTMLInputElement>(null);

  const choose = (kind: ScopeChoice['kind']) => {
    const state = store.getState();
    if (kind === 'ous') {
      state.setScope(scope.kind === 'ous' ? scope : { kind: 'ous', include: [], exclude: [] });
      if (!state.ous) void state.loadOus();
    } else {
      state.setScope({ kind });
      if (kind === 'server') void state.loadServerScope();
    }
  };

  const include = scope.kind === 'ous' ? scope.include : [];
  const exclude = scope.kind === 'ous' ? scope.exclude : [];
  const toggle = (dn: string, list: 'include' | 'exclude') => {
    if (scope.kind !== 'ous') return;
    const other = list === 'include' ? 'exclude' : 'include';
    const has = scope[list].some((d) => d.toLowerCase() === dn.toLowerCase());
    store.getState().setScope({
      kind: 'ous',
      [list]: has ? scope[list].filter((d) => d.toLowerCase() !== dn.toLowerCase()) : [...scope[list], dn],
      [other]: scope[other].filter((d) => d.toLowerCase() !== dn.toLowerCase()),
    } as ScopeChoice);
  };

  const matches = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = ous?.ous ?? [];
    return q ? all.filter((o) => o.dn.toLowerCase().includes(q)) : all;
  }, [ous, search]);

  const check = scopeRequestOf(scope);
  const serverOk = server?.ok ? server : null;
  const next = resolvedOf(scope, ous?.domainDn ?? null, serverOk && { baseDns: serverOk.baseDns, excludeDns: serverOk.excludeDns });
  const changed = scanned !== null && next !== null && (scope.kind !== 'domain' || scanned.kind !== 'domain') && differs(scanned, next);
  const depthOf = (dn: string) => (ous ? Math.max(0, dn.slice(0, dn.length - ous.domainDn.length).split(/,(?=(?:OU|CN)=)/i).length - 1) : 0);

  return (
    <div className="scan-scope" data-testid="scan-scope-control">
      <fieldset disabled={disabled}>
        <legend>What to scan</legend>
        {(
          [
            ['domain', 'The whole domain'],
            ['ous', 'OUs I choose'],
            ['server', 'As the sync server filters (its AD connector’s OU filtering)'],
          ] as const
        ).map(([kind, label]) => (
          <label key={kind} className="scope-option">
            <input
              ref={kind === 'ous' ? ousRadio : undefined}
              type="radio"
              name={name}
              value={kind}
              checked={scope.kind === kind}
              onChange={() => choose(kind)}
              data-testid={`scope-${kind}`}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>

      {scope.kind === 'ous' && (
        <div className="scope-ous" data-testid="scope-ous-panel">
          {ousError && (
            <p className="notice notice-bad" role="alert">
              The OUs could not be listed: {ousError.message}
            </p>
          )}
          {!ous && !ousError && <p className="muted">Listing the directory’s OUs…</p>}
          {ous && (
            <>
              <label htmlFor={searchId}>Find an OU</label>{' '}
              <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="scope-ou-search" disabled={disabled} />
              <p className="muted small" data-testid="scope-ou-count">
                {matches.length > SHOWN
                  ? `Showing ${SHOWN} of ${matches.length.toLocaleString()} OUs: type part of a name to narrow the list.`
                  : `${matches.length.toLocaleString()} OU(s).`}
                {ous.truncated && ' The directory has more OUs than the list holds.'} Include an OU to scan it and everything below; exclude an OU inside an
                included one to leave it out (an OU included inside an excluded one is scanned again).
              </p>
              <ul className="scope-ou-list" aria-label="The directory's OUs" data-testid="scope-ou-list">
                {matches.slice(0, SHOWN).map((o) => {
                  const inc = include.some((d) => d.toLowerCase() === o.dn.toLowerCase());
                  const exc = exclude.some((d) => d.toLowerCase() === o.dn.toLowerCase());
                  return (
                    <li key={o.dn} style={{ paddingInlineStart: `${depthOf(o.dn) * 1.25}rem` }} data-testid="scope-ou" data-dn={o.dn}>
                      <span className="scope-ou-name" title={o.dn}>
                        {o.name}
                      </span>{' '}
                      <button
                        type="button"
                        className={`chip${inc ? ' chip-on' : ''}`}
                        aria-pressed={inc}
                        aria-label={`Include ${o.dn}`}
                        onClick={() => toggle(o.dn, 'include')}
                        disabled={disabled}
                        data-testid="scope-include"
                      >
                        Include
                      </button>{' '}
                      <button
                        type="button"
                        className={`chip${exc ? ' chip-on' : ''}`}
                        aria-pressed={exc}
                        aria-label={`Exclude ${o.dn}`}
                        onClick={() => toggle(o.dn, 'exclude')}
                        disabled={disabled}
                        data-testid="scope-exclude"
                      >
                        Exclude
                      </button>
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          <p data-testid="scope-chosen">
            {include.length ? `Included: ${include.join('; ')}.` : 'No OU included yet.'} {exclude.length ? `Excluded: ${exclude.join('; ')}.` : ''}
          </p>
          {(include.length > 0 || exclude.length > 0) && !check.ok && (
            <p className="notice notice-bad" role="alert" data-testid="scope-problem">
              This scope cannot be scanned: {check.problem}
            </p>
          )}
        </div>
      )}

      {scope.kind === 'server' && (
        <div data-testid="scope-server-panel" role="status">
          {!server && !serverError && <p className="muted">Reading the sync server’s OU filtering…</p>}
          {serverError && (
            <p className="notice notice-bad" data-testid="scope-server-problem">
              The sync server could not be asked: {serverError.message} Choose “The whole domain” or “OUs I choose” instead.
            </p>
          )}
          {server?.ok && (
            <p data-testid="scope-server-read">
              Read from the AD connector {server.connector}, partition {server.partition}: included {server.baseDns.join('; ')}
              {server.excludeDns.length ? `; excluded ${server.excludeDns.join('; ')}` : '; nothing excluded'}.
            </p>
          )}
          {server && !server.ok && (
            <p className="notice notice-bad" data-testid="scope-server-problem">
              The sync server’s OU filtering cannot be used: {server.reason} {server.advice}
            </p>
          )}
          {((server && !server.ok) || serverError) && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                choose('ous');
                // The button goes away with the server's panel: the keyboard continues at the choice made.
                ousRadio.current?.focus();
              }}
              disabled={disabled}
              data-testid="scope-fallback-ous"
            >
              Choose the OUs myself
            </button>
          )}
        </div>
      )}

      {changed && (
        <p className="muted" data-testid="scope-changed">
          This scope differs from the last scan’s, so the next scan reads everything in it (a full scan), not only the changes.
        </p>
      )}
      {scanned && (
        <p className="muted" data-testid="scan-scope">
          Last scan: {describeScope(scanned)}
          {summary?.fullScanReason ? ` (full scan: ${summary.fullScanReason})` : ''}.
        </p>
      )}
    </div>
  );
}
