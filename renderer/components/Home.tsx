// The start page, triage first: is sync working (last export, next cycle, the tool's support),
// the findings of the full check (run by itself on start, root causes first), a symptom picker,
// the playbooks that fit this server (all of them one click away), the readiness workbench, the
// lab scenario, the connection and the audit log.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { PLAYBOOKS } from '../../shared/playbooks/index';
import type { Playbook } from '../../shared/playbooks/types';
import type { AppInfo } from '../../shared/domain/app';
import type { SyncSummary } from '../../shared/home/sync-summary';
import { playbookFits } from '../../shared/home/playbook-fit';
import type { IpcError } from '../../shared/ipc/errors';
import { useApi } from '../api/app-api';
import { useApp } from '../state/context';
import { ErrorNotice } from './ErrorNotice';
import { DirectorySignIn } from './DirectorySignIn';
import { useFocusOnMount } from './focus';
import { StatusBadge } from './StatusBadge';
import { FindingsPanel } from './home/FindingsPanel';
import { SymptomPicker } from './home/SymptomPicker';
import { SyncStatusPanel } from './home/SyncStatusPanel';
import { CollectorPanel } from './CollectorPanel';
import { Citation } from './Citation';

export function Home() {
  const info = useApp((s) => s.info);
  const infoStatus = useApp((s) => s.infoStatus);
  const infoError = useApp((s) => s.infoError);
  const loadInfo = useApp((s) => s.loadInfo);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(titleRef);
  const sync = useSyncSummary(info?.scenario?.id ?? null);

  return (
    <div className="home" data-testid="home">
      <h1 ref={titleRef} tabIndex={-1}>
        Directory sync check-up
      </h1>
      {infoError && <ErrorNotice title="Could not read what this app is connected to" error={infoError} onRetry={() => void loadInfo()} />}
      {!info && infoStatus === 'loading' && <p role="status">Looking at this server…</p>}
      <SyncStatusPanel summary={sync.summary} error={sync.error} loading={sync.loading} onRetry={sync.reload} />
      <FindingsPanel onRecheck={sync.reload} />
      <SymptomPicker syncTool={info?.syncTool ?? null} />
      {info && <PlaybookPanel info={info} />}
      <ReadinessPanel practice={info?.mode === 'lab' && info.directory.kind === 'memory'} />
      {info?.mode === 'lab' && <LabPanel info={info} />}
      {info && <ConnectionPanel info={info} />}
      <CollectorPanel info={info} />
      <AuditPanel />
    </div>
  );
}

/** The sync status line, read on start, when the lab scenario changes and when the admin checks again. */
function useSyncSummary(scenarioId: string | null) {
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  /** The scenario the shown answer belongs to; another one means a read is under way. */
  const [answeredFor, setAnsweredFor] = useState<string | null | undefined>(undefined);
  const [rereading, setRereading] = useState(false);
  const ticket = useRef(0);
  const api = useApi();
  const read = useCallback(
    (forScenario: string | null) => {
      const mine = ++ticket.current;
      void api.call('home:sync-status', {}).then((r) => {
        if (mine !== ticket.current) return;
        setAnsweredFor(forScenario);
        setRereading(false);
        if (r.ok) {
          setSummary(r.value);
          setError(null);
        } else setError(r.error);
      });
    },
    [api],
  );
  useEffect(() => read(scenarioId), [read, scenarioId]);
  const reload = useCallback(() => {
    setRereading(true);
    read(scenarioId);
  }, [read, scenarioId]);
  return { summary, error, loading: rereading || answeredFor !== scenarioId, reload };
}

/** The tool step's verdict in words (the same standing the diagnosis and the sync status read). */
const TOOL_STANDING = {
  supported: { text: 'Supported', tone: 'good' },
  unsupported: { text: 'No longer supported by Microsoft', tone: 'warn' },
  retired: { text: 'Retired: Microsoft no longer accepts this build', tone: 'bad' },
  unknown: { text: 'Support status unknown', tone: 'warn' },
  none: { text: 'Not installed', tone: 'bad' },
} as const;

function ConnectionPanel({ info }: { info: AppInfo }) {
  const { host, directory, syncTool } = info;
  const tool = syncTool.generation === 'none' ? 'No sync tool found' : syncTool.label;
  const toolDetails = [syncTool.version ? `version ${syncTool.version}` : null, syncTool.bitness ? `${syncTool.bitness}-bit` : null].filter(Boolean).join(', ');
  return (
    <section aria-labelledby="connection-title" className="panel" data-testid="connection">
      <h2 id="connection-title">Connected to</h2>
      <dl className="facts">
        <div>
          <dt>Sync server</dt>
          <dd data-testid="host-name">
            {host.computerName}
            {host.domain ? ` (${host.domain})` : ' (not in a domain)'}
          </dd>
        </div>
        <div>
          <dt>Windows</dt>
          <dd>
            {host.os}, {host.is64Bit ? '64-bit' : '32-bit'}
            {host.isElevated ? ', running as administrator' : ', not running as administrator (fixes may be refused)'}
          </dd>
        </div>
        <div>
          <dt>Active Directory</dt>
          <dd data-testid="directory">
            {directory.connected
              ? `${directory.domain ?? 'connected'}${directory.server ? ` via ${directory.server}` : ''}`
              : `Not connected${directory.problem ? `: ${directory.problem}` : ''}`}
          </dd>
        </div>
        <div>
          <dt>Sync tool</dt>
          <dd data-testid="sync-tool">
            {tool}
            {toolDetails ? ` (${toolDetails})` : ''}
            {syncTool.status !== 'none' && (
              <>
                {' '}
                <StatusBadge text={TOOL_STANDING[syncTool.status].text} tone={TOOL_STANDING[syncTool.status].tone} testId="sync-tool-status" />
              </>
            )}
          </dd>
        </div>
      </dl>
      {!directory.connected && <DirectorySignIn directory={directory} />}
      {directory.connected && <SignInAgain directory={directory} />}
    </section>
  );
}

/** A second sign-in (another account or DC), folded away; the form exists only while it is open. */
function SignInAgain({ directory }: { directory: AppInfo['directory'] }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="signin-again" data-testid="signin-again" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Sign in again with another account or domain controller</summary>
      {open && <DirectorySignIn directory={directory} />}
    </details>
  );
}

function LabPanel({ info }: { info: AppInfo }) {
  const scenarios = useApp((s) => s.scenarios);
  const scenariosStatus = useApp((s) => s.scenariosStatus);
  const scenariosError = useApp((s) => s.scenariosError);
  const loadScenarios = useApp((s) => s.loadScenarios);
  const loadScenario = useApp((s) => s.loadScenario);
  const loadingScenarioId = useApp((s) => s.loadingScenarioId);
  const scenarioError = useApp((s) => s.scenarioError);
  const [picked, setPicked] = useState<string | null>(null);
  const selectId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (scenariosStatus === 'idle') void loadScenarios();
  }, [scenariosStatus, loadScenarios]);

  const current = info.scenario?.id ?? '';
  const chosen = picked ?? current;
  // The description is the loaded scenario's: a scenario only picked is not what the checks read yet.
  const description = scenarios.find((s) => s.id === current)?.description;
  const pickedTitle = chosen !== current ? scenarios.find((s) => s.id === chosen)?.title : undefined;

  return (
    <section aria-labelledby="lab-title" className="lab-banner" data-testid="lab-banner">
      <h2 id="lab-title" ref={titleRef} tabIndex={-1}>
        Lab mode: practice server
      </h2>
      <p>
        Nothing here touches a real server. The app is working on a simulated sync server
        {info.scenario ? (
          <>
            {' '}
            set up as <strong data-testid="lab-scenario">{info.scenario.title}</strong>
          </>
        ) : null}
        .
      </p>
      {scenariosError && <ErrorNotice title="Could not list the practice scenarios" error={scenariosError} onRetry={() => void loadScenarios()} />}
      {scenarios.length > 0 && (
        <form
          className="scenario-picker"
          onSubmit={(e) => {
            e.preventDefault();
            // Loading the current scenario again resets the simulated server to its start.
            if (!chosen) return;
            void loadScenario(chosen).then((ok) => {
              if (!ok) return;
              setPicked(null);
              // The button just pressed is now disabled; put focus back on the banner that names the new scenario.
              titleRef.current?.focus();
            });
          }}
        >
          <label htmlFor={selectId}>Scenario</label>
          <select id={selectId} value={chosen} onChange={(e) => setPicked(e.target.value)} data-testid="scenario-select">
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
          <button type="submit" className="btn" disabled={!!loadingScenarioId} data-testid="load-scenario">
            {loadingScenarioId ? 'Loading…' : chosen === current ? 'Reload scenario' : 'Load scenario'}
          </button>
          {pickedTitle && (
            <p className="notice scenario-description" data-testid="scenario-not-loaded">
              {pickedTitle} is not loaded yet: the checks still read {info.scenario?.title ?? 'the current server'}. Press Load scenario to switch.
            </p>
          )}
          {description && (
            <p className="muted small scenario-description" data-testid="scenario-description">
              {description}
            </p>
          )}
        </form>
      )}
      {scenarioError && <ErrorNotice title="Could not load that scenario" error={scenarioError} />}
    </section>
  );
}

function PlaybookCard({ playbook: p }: { playbook: Playbook }) {
  const startPlaybook = useApp((s) => s.startPlaybook);
  return (
    <li className="playbook-card">
      <h3>{p.title}</h3>
      <p>{p.summary}</p>
      <Citation cite={p.cite} />
      <button type="button" className="btn btn-primary" onClick={() => startPlaybook(p.id)} data-testid={`start-${p.id}`}>
        Start: {p.title}
      </button>
    </li>
  );
}

/** Only the playbooks that fit this server; every playbook stays one click away under "All playbooks". */
function PlaybookPanel({ info }: { info: AppInfo }) {
  const fitting = PLAYBOOKS.filter((p) => playbookFits(p, info.syncTool));
  const others = PLAYBOOKS.filter((p) => !playbookFits(p, info.syncTool));
  return (
    <section aria-labelledby="playbooks-title" className="panel" data-testid="playbooks">
      <h2 id="playbooks-title">Fix a problem step by step</h2>
      <ul className="playbooks">
        {fitting.map((p) => (
          <PlaybookCard key={p.id} playbook={p} />
        ))}
      </ul>
      {others.length > 0 && (
        <details className="all-playbooks" data-testid="all-playbooks">
          <summary>
            All playbooks ({PLAYBOOKS.length}), including {others.length} that do not fit this server
          </summary>
          <p className="muted">
            These are for a server that still runs DirSync or Azure AD Sync; this one runs{' '}
            {info.syncTool.generation === 'none' ? 'no sync tool' : info.syncTool.label}.
          </p>
          <ul className="playbooks">
            {others.map((p) => (
              <PlaybookCard key={p.id} playbook={p} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function AuditPanel() {
  return (
    <section aria-labelledby="audit-title" className="panel" data-testid="audit-panel">
      <h2 id="audit-title">What the app did</h2>
      <p>Every fix is written to the audit log before and after it runs. See who did what and when, what changed, and whether the log is intact.</p>
      <a className="btn" href="#/audit" data-testid="open-audit">
        Open the audit log
      </a>
    </section>
  );
}

function ReadinessPanel({ practice }: { practice: boolean }) {
  return (
    <section aria-labelledby="readiness-title" className="panel" data-testid="readiness-panel">
      <h2 id="readiness-title">Directory readiness</h2>
      <p>
        Find and fix the users and groups Entra ID would reject: duplicate addresses, .local sign-in names, groups without a display name. Every fix is
        previewed, audited and can be undone.
      </p>
      {practice && (
        <p data-testid="readiness-practice">
          To practise: the lab's simulated directory holds a set of these problems in the OU “Readiness practice”. Open the workbench, start a scan, fix a row,
          apply it, then undo it. Nothing outside this app changes.
        </p>
      )}
      <a className="btn" href="#/workbench" data-testid="open-workbench">
        Open the readiness workbench
      </a>
    </section>
  );
}
