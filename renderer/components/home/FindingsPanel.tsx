// The diagnosis on the home page: it runs by itself when the page opens (read-only), lists the
// findings in the order the diagnosis gives them (root causes first, the findings that follow from
// one listed under it), each with its evidence and the step that fixes it. "Check everything" runs it again; when a check the admin asked for
// ends, focus moves to the result and a live region says what was found.
import { useEffect, useRef, type ReactNode } from 'react';
import type { Finding } from '../../../shared/findings/finding';
import { findPlaybook, findStep } from '../../../shared/playbooks/index';
import { KB2882421_ID } from '../../../shared/playbooks/kb2882421-ids';
import { useApp } from '../../state/context';
import { SEVERITY_LABEL } from '../../words';
import { ErrorNotice } from '../ErrorNotice';
import { EvidenceTable } from '../EvidenceTable';
import { StatusBadge } from '../StatusBadge';
import { Citation } from '../Citation';

/** What one finished check says, for the live region. */
export function resultAnnouncement(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'Check finished: no problems found.';
  return `Check finished: ${findings.length} problem${findings.length === 1 ? '' : 's'} found. First: ${findings[0]!.title}`;
}

export function FindingsPanel({ onRecheck }: { onRecheck: () => void }) {
  const findings = useApp((s) => s.findings);
  const status = useApp((s) => s.findingsStatus);
  const error = useApp((s) => s.findingsError);
  const diagnose = useApp((s) => s.diagnose);
  const startPlaybook = useApp((s) => s.startPlaybook);
  const resultRef = useRef<HTMLHeadingElement>(null);
  /** Set when the admin pressed "Check everything": only then does focus move (never on the automatic first run). */
  const asked = useRef(false);

  // The full check runs by itself whenever there is no result (first start, a scenario loaded).
  useEffect(() => {
    if (status === 'idle') void diagnose();
  }, [status, diagnose]);

  useEffect(() => {
    if (asked.current && (status === 'ready' || status === 'error')) {
      asked.current = false;
      resultRef.current?.focus();
    }
  }, [status, findings]);

  // The live region's text changes when a check ends, and is empty while one runs.
  const announcement = status === 'ready' && findings ? resultAnnouncement(findings) : status === 'error' ? 'The check did not finish.' : '';

  const checkAgain = () => {
    asked.current = true;
    onRecheck();
    void diagnose();
  };

  return (
    <section aria-labelledby="findings-title" className="panel" data-testid="findings" aria-busy={status === 'loading'}>
      <h2 id="findings-title" ref={resultRef} tabIndex={-1}>
        {status === 'loading' && !findings
          ? 'Checking everything…'
          : findings && findings.length === 0
            ? 'No problems found'
            : findings
              ? `What is wrong (${findings.length})`
              : 'Check everything'}
      </h2>
      <p className="muted">Every check the app knows, run by itself when the app starts. It only reads; nothing is changed.</p>
      <div role="status" aria-live="polite" className="visually-hidden" data-testid="findings-announcement">
        {announcement}
      </div>
      <button type="button" className="btn" onClick={checkAgain} disabled={status === 'loading'}>
        {status === 'loading' ? 'Checking…' : findings ? 'Check everything again' : 'Check everything'}
      </button>
      {error && <ErrorNotice title="The full check did not finish" error={error} />}
      {findings && findings.length === 0 && <WhatWasChecked />}
      {findings && findings.length > 0 && (
        <ol className="findings" data-testid="findings-list">
          {findings
            .filter((f) => !f.causedBy || !findings.some((c) => c.id === f.causedBy && !c.causedBy))
            .map((f, i) => {
              const open = (x: Finding) => () => x.fixedBy && startPlaybook(x.fixedBy.playbookId, x.fixedBy.stepId ?? undefined);
              const follows = findings.filter((x) => x !== f && x.causedBy === f.id);
              return (
                <FindingCard key={f.id} finding={f} first={i === 0} onOpen={open(f)}>
                  {follows.length > 0 && (
                    <ol className="findings findings-caused" aria-label={`Follows from: ${f.title}`} data-testid={`caused-by-${f.id}`}>
                      {follows.map((x) => (
                        <FindingCard key={x.id} finding={x} first={false} cause={f} onOpen={open(x)} />
                      ))}
                    </ol>
                  )}
                </FindingCard>
              );
            })}
        </ol>
      )}
    </section>
  );
}

function FindingCard({
  finding: f,
  first,
  cause,
  onOpen,
  children,
}: {
  finding: Finding;
  first: boolean;
  cause?: Finding;
  onOpen: () => void;
  children?: ReactNode;
}) {
  const sev = SEVERITY_LABEL[f.severity];
  const step = f.fixedBy?.stepId ? findStep(f.fixedBy.playbookId, f.fixedBy.stepId) : undefined;
  const playbook = f.fixedBy ? findPlaybook(f.fixedBy.playbookId) : undefined;
  return (
    // The card is its own element and what follows from it a list beside it, so the card's
    // controls (its "Open the step") are its own, never its symptoms'.
    <li className="finding-group" data-testid={`finding-group-${f.id}`}>
      <div className="finding" data-testid={`finding-${f.id}`}>
        <h3>
          <StatusBadge text={sev.text} tone={sev.tone} /> {first && <span className="muted small">Start here: </span>}
          {f.title}
        </h3>
        <Citation cite={f.cite} />
        {cause && (
          <p className="notice" data-testid="follows-from">
            This follows from the problem above: fix that first, then check again.
          </p>
        )}
        <EvidenceTable evidence={f.evidence} caption={`Evidence: ${f.title}`} />
        {f.fixedBy && (step || playbook) && (
          <button type="button" className="btn btn-primary" data-testid="open-step" onClick={onOpen}>
            {step ? `Open the step: ${step.title}` : `Open the playbook: ${playbook!.title}`}
          </button>
        )}
      </div>
      {children}
    </li>
  );
}

/** A healthy result says what it looked at: every step of the sync-stopped playbook, and the upgrade paths. */
function WhatWasChecked() {
  const kb = findPlaybook(KB2882421_ID);
  return (
    <div className="notice notice-good" data-testid="what-was-checked">
      <p>Nothing needs attention. These were checked:</p>
      <ul>
        {kb?.steps.map((s) => (
          <li key={s.id}>{s.title}</li>
        ))}
        <li>Whether an old sync tool (DirSync, Azure AD Sync) needs one of the upgrade paths</li>
      </ul>
    </div>
  );
}
