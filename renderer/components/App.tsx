// The window: a header that always says where the app is connected, then the start page or the
// wizard. While the confirm dialog is open everything behind it is inert.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useApp } from '../state/context';
import { selectConfirmingStepId } from '../state/selectors';
import { ConfirmDialog } from './ConfirmDialog';
import { Home } from './Home';
import { Wizard } from './Wizard';
import { WorkbenchPage } from '../readiness/WorkbenchPage';
import { appWorkbenchStore } from '../readiness/workbench-api';
import { AuditLogPage } from './AuditLogPage';
import { ScreenshotControl } from './capture/ScreenshotControl';
import { workbenchFilterOf } from './home/workbench-route';

/** "#/workbench[?error=…]" opens the readiness workbench, "#/audit" the audit log; the hash keeps the start page's state intact. */
const subscribeHash = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};
const useHash = () => useSyncExternalStore(subscribeHash, () => window.location.hash);

export function App() {
  const loadInfo = useApp((s) => s.loadInfo);
  const info = useApp((s) => s.info);
  const playbookId = useApp((s) => s.playbookId);
  const confirmingStepId = useApp(selectConfirmingStepId);
  const plan = useApp((s) => (confirmingStepId ? (s.runs[confirmingStepId]?.plan ?? null) : null));
  const confirmFix = useApp((s) => s.confirmFix);
  const cancelFix = useApp((s) => s.cancelFix);
  const dialogOpen = !!(confirmingStepId && plan);
  const hash = useHash();

  useEffect(() => {
    void loadInfo();
  }, [loadInfo]);

  const workbenchFilter = workbenchFilterOf(hash);
  const mainRef = useRef<HTMLElement>(null);

  return (
    <>
      {/* Not href="#main": the hash is the app's route. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
        data-testid="skip-link"
      >
        Skip to the main content
      </a>
      <header className="app-bar" inert={dialogOpen}>
        <span className="app-name">DirSync Doctor</span>
        {info && (
          <span className="app-context" data-testid="app-context">
            {info.mode === 'lab' ? 'Lab · ' : ''}
            {info.host.computerName} · {info.syncTool.generation === 'none' ? 'no sync tool' : info.syncTool.label}
          </span>
        )}
        <ScreenshotControl appVersion={info?.version ?? 'unknown'} />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main" inert={dialogOpen}>
        {workbenchFilter ? (
          <WorkbenchPage store={appWorkbenchStore()} initialFilter={workbenchFilter} />
        ) : hash === '#/audit' ? (
          <AuditLogPage />
        ) : playbookId ? (
          <Wizard />
        ) : (
          <Home />
        )}
      </main>
      {dialogOpen && confirmingStepId && plan && (
        <ConfirmDialog plan={plan} onConfirm={(secret) => void confirmFix(confirmingStepId, secret)} onCancel={() => cancelFix(confirmingStepId)} />
      )}
    </>
  );
}
