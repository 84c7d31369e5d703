// The view in the address, so a reload and the browser's Back keep the admin where they were:
// "#/playbook/<id>/<step>" is a playbook open at a step, "#/" (or nothing) the start page; the
// workbench and the audit log keep their own "#/workbench…" and "#/audit" (App.tsx reads those).
// Opening or closing a playbook adds a history entry (Back returns to the view before); moving
// between steps of the same playbook replaces it (the address follows the step without filling
// the history). Back, Forward and a typed address are applied to the store.
import type { AppStore } from './store';

export type Route = { view: 'home' } | { view: 'playbook'; playbookId: string; stepId: string | null } | { view: 'other' };

const PLAYBOOK = /^#\/playbook\/([A-Za-z0-9._-]+)(?:\/([A-Za-z0-9._-]+))?\/?$/;

export function parseRoute(hash: string): Route {
  if (hash === '' || hash === '#' || hash === '#/') return { view: 'home' };
  const m = PLAYBOOK.exec(hash);
  if (m) return { view: 'playbook', playbookId: m[1]!, stepId: m[2] ?? null };
  return { view: 'other' };
}

export function playbookHash(playbookId: string, stepId: string | null): string {
  return `#/playbook/${playbookId}${stepId ? `/${stepId}` : ''}`;
}

/** Keeps the store and the address in step; returns the function that stops it. */
export function syncRoute(store: AppStore, win: Window = window): () => void {
  const apply = () => {
    const route = parseRoute(win.location.hash);
    const s = store.getState();
    if (route.view === 'playbook') {
      if (s.playbookId !== route.playbookId) {
        // An unknown playbook (an old link): the start page, and the address says so.
        if (!s.startPlaybook(route.playbookId, route.stepId ?? undefined)) win.history.replaceState(null, '', '#/');
      } else if (route.stepId && route.stepId !== s.selectedStepId) {
        s.selectStep(route.stepId);
      }
    } else if (route.view === 'home' && s.playbookId) {
      s.closePlaybook();
    }
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.playbookId === prev.playbookId && s.selectedStepId === prev.selectedStepId) return;
    const current = parseRoute(win.location.hash);
    // The workbench and the audit log own the address while they are shown.
    if (current.view === 'other') return;
    const wanted = s.playbookId ? playbookHash(s.playbookId, s.selectedStepId) : '#/';
    if (wanted === win.location.hash || (wanted === '#/' && current.view === 'home')) return;
    const samePlaybook = current.view === 'playbook' && current.playbookId === s.playbookId;
    if (samePlaybook) win.history.replaceState(null, '', wanted);
    else win.history.pushState(null, '', wanted);
  });

  apply();
  win.addEventListener('popstate', apply);
  win.addEventListener('hashchange', apply);
  return () => {
    unsubscribe();
    win.removeEventListener('popstate', apply);
    win.removeEventListener('hashchange', apply);
  };
}
