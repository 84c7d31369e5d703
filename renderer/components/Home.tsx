// The start page: what the app is connected to, the lab scenario (in lab mode), the playbooks
// to start, and the findings of a full check.
import { useEffect, useId, useRef, useState } from 'react';
import { PLAYBOOKS, findStep } from '../../shared/playbooks/index';
import type { AppInfo } from '../../shared/domain/app';
import { useApp } from '../state/context';
import { SEVERITY_LABEL, citationLine } from '../words';
import { ErrorNotice } from './ErrorNotice';
import { DirectorySignIn } from './DirectorySignIn';
import { EvidenceTable } from './EvidenceTable';
import { useFocusOnMount } from './focus';
import { StatusBadge } from './StatusBadge';

export function Home() {
  const info = useApp((s) => s.info);
  const infoStatus = useApp((s) => s.infoStatus);
  const infoError = useApp((s) => s.infoError);
  const loadInfo = useApp((s) => s.loadInfo);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(titleRef);

  return (
    <div className="home" data-testid="home">
      <h1 ref={titleRef} tabIndex={-1}>
        Directory sync check-up
      </h1>
      {infoError && <ErrorNotice title="Could not read what this app is connected to" error={infoError} onRetry={() => void loadInfo()} />}
      {!info && infoStatus === 'loading' && <p role="status">Looking at this server…</p>}
      {info?.mode === 'lab' && <LabPanel info={info} />}
      {info && <ConnectionPanel info={info} />}
      <PlaybookPanel />
      <ReadinessPanel />
      {info && <FindingsPanel />}
    </div>
  );
}

function ConnectionPanel({ info }: { info: AppInfo }) {
  const { host, directory, syncTool } = info;
  const tool = syncTool.generation === 'none' ? 'No sync tool found' : syncTool.label;
  const toolDetails = [syncTool.version ? `version ${syncTool.version}` : null, syncTool.bitness ? `${syncTool.bitness}-bit` : null]
    .filter(Boolean)
    .join(', ');
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
            {syncTool.generation !== 'none' && !syncTool.supported && (
              <>
                {' '}
                <StatusBadge text="No longer supported by Microsoft" tone="warn" />
              </>
            )}
          </dd>
        </div>
      </dl>
      {!directory.connected && <DirectorySignIn directory={directory} />}
    </section>
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

function PlaybookPanel() {
  const startPlaybook = useApp((s) => s.startPlaybook);
  return (
    <section aria-labelledby="playbooks-title" className="panel">
      <h2 id="playbooks-title">Fix a problem step by step</h2>
      <ul className="playbooks">
        {PLAYBOOKS.map((p) => (
          <li key={p.id} className="playbook-card">
            <h3>{p.title}</h3>
            <p>{p.summary}</p>
            <p className="cite">
              <span className="cite-line">{citationLine(p.cite)}</span>
              <span className="cite-title">{p.cite.title}</span>
            </p>
            <button type="button" className="btn btn-primary" onClick={() => startPlaybook(p.id)} data-testid={`start-${p.id}`}>
              Start: {p.title}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FindingsPanel() {
  const findings = useApp((s) => s.findings);
  const status = useApp((s) => s.findingsStatus);
  const error = useApp((s) => s.findingsError);
  const diagnose = useApp((s) => s.diagnose);
  const startPlaybook = useApp((s) => s.startPlaybook);
  return (
    <section aria-labelledby="findings-title" className="panel" data-testid="findings">
      <h2 id="findings-title">Check everything</h2>
      <p>Runs every check the app knows and lists what is wrong. It only reads; nothing is changed.</p>
      <button type="button" className="btn" onClick={() => void diagnose()} disabled={status === 'loading'}>
        {status === 'loading' ? 'Checking…' : findings ? 'Check everything again' : 'Check everything'}
      </button>
      {error && <ErrorNotice title="The full check did not finish" error={error} />}
      {findings && findings.length === 0 && <p className="notice notice-good">No problems found.</p>}
      {findings && findings.length > 0 && (
        <ul className="findings">
          {findings.map((f) => {
            const sev = SEVERITY_LABEL[f.severity];
            const step = f.fixedBy?.stepId ? findStep(f.fixedBy.playbookId, f.fixedBy.stepId) : undefined;
            return (
              <li key={f.id} className="finding" data-testid={`finding-${f.id}`}>
                <h3>
                  <StatusBadge text={sev.text} tone={sev.tone} /> {f.title}
                </h3>
                <p className="cite">
                  <span className="cite-line">{citationLine(f.cite)}</span>
                  <span className="cite-title">{f.cite.title}</span>
                </p>
                <EvidenceTable evidence={f.evidence} caption={`Evidence: ${f.title}`} />
                {f.fixedBy && (
                  <button
                    type="button"
                    className="btn btn-primary"
                    data-testid="open-step"
                    onClick={() => f.fixedBy && startPlaybook(f.fixedBy.playbookId, f.fixedBy.stepId ?? undefined)}
                  >
                    {step ? `Open the step: ${step.title}` : 'Open the playbook'}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ReadinessPanel() {
  return (
    <section aria-labelledby="readiness-title" className="panel" data-testid="readiness-panel">
      <h2 id="readiness-title">Directory readiness</h2>
      <p>Find and fix the users and groups Entra ID would reject: duplicate addresses, .local sign-in names, groups without a display name. Every fix is previewed, audited and can be undone.</p>
      <a className="btn" href="#/workbench" data-testid="open-workbench">
        Open the readiness workbench
      </a>
    </section>
  );
}
