// One wizard step: why it matters and where it comes from, what the check found (with the
// evidence), the planned change, the result of the fix and the re-check. After each transition
// keyboard focus moves to the heading of the content that just appeared.
import { useEffect, useRef, type RefObject } from 'react';
import { routeOf, stepTransition, type StepPhase, type StepRun } from '../../shared/playbooks/engine';
import { FOLLOWED_ACTIONS } from '../../shared/playbooks/followed-actions';
import { nextActionFor } from '../../shared/playbooks/next-actions';
import type { PartialFix, PlannedChange, PlaybookStep, Verdict } from '../../shared/playbooks/types';
import { MARK_FIRST_VERDICT, markOncePainted } from '../perf';
import { PHASE_LABEL, VERDICT_LABEL, dateTime } from '../words';
import { recordedLine } from '../../shared/domain/local-time';
import { ChangeList } from './ChangeList';
import { EvidenceTable } from './EvidenceTable';
import { useFocusOnMount } from './focus';
import { RevealPassword } from './RevealPassword';
import { GapCsvExport, type GapCsvExportProps } from './GapCsvExport';
import { RunWaitProgress, type RunWaitProgressProps } from './RunWaitProgress';
import { StatusBadge } from './StatusBadge';
import { OLD_SERVER_FIXES } from '../../shared/collector/old-server';
import { OldServerPanel, type OldServerPanelProps } from './OldServerPanel';
import { Citation } from './Citation';

export interface StepDetailProps {
  step: PlaybookStep;
  index: number;
  total: number;
  run: StepRun;
  /** When the shown state was restored from an earlier run and not checked since: the time it was checked. */
  notCheckedSince?: string | null;
  /** Move focus to the step title when shown (the admin picked this step). */
  focusTitle: boolean;
  nextStepId: string | null;
  /** Title of the step a failing verdict routes to (same playbook), when it has one. */
  routeTitle: string | null;
  allDone: boolean;
  onProbe: () => void;
  /** Progress and Cancel of a fix that waits on the sync engine (shown while it runs). */
  runWait?: RunWaitProgressProps;
  /** The deletion-gap CSV download (shown on the gap step once it was checked). */
  gapExport?: GapCsvExportProps;
  /** Set when the server is a collected file: its old-server steps are commands to run there. */
  oldServer?: Omit<OldServerPanelProps, 'stepId' | 'onOpened'>;
  onPlan: () => void;
  onAttest: () => void;
  onSelect: (stepId: string) => void;
  /** Open a step of another playbook this step offers (the other upgrade paths). */
  onOpenOffer?: (playbookId: string, stepId: string) => void;
  onDone: () => void;
}

const BUSY_TEXT: Partial<Record<StepPhase, string>> = {
  probing: 'Checking the server…',
  planning: 'Working out exactly what would change…',
  applying: 'Making the change, then checking again…',
};

const NEEDS_ACTION: ReadonlySet<StepPhase> = new Set(['failed', 'still-failing', 'fix-failed']);

type FocusTarget = 'status' | 'found' | 'result' | 'fix' | null;

/** Where focus goes when the phase changes from `prev` to `next`. */
export function focusTargetFor(prev: StepPhase, next: StepPhase): FocusTarget {
  if (prev === next) return null;
  // The dialog takes focus when it opens; on Cancel the fix button gets it back (the admin may
  // want to open it again), not the busy message that had it while the plan was made.
  if (next === 'confirming') return null;
  if (prev === 'confirming' && next === 'failed') return 'fix';
  if (BUSY_TEXT[next]) return 'status';
  if (prev === 'probing') return next === 'probe-error' ? 'result' : 'found';
  if (prev === 'planning' || prev === 'applying') return 'result';
  return null;
}

export function StepDetail(props: StepDetailProps) {
  const { step, index, total, run, focusTitle, nextStepId, allDone, runWait, gapExport } = props;
  const titleRef = useRef<HTMLHeadingElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const foundRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const fixRef = useRef<HTMLButtonElement>(null);
  const shownPhase = useRef<StepPhase>(run.phase);

  useFocusOnMount(titleRef, focusTitle);

  useEffect(() => {
    const target = focusTargetFor(shownPhase.current, run.phase);
    shownPhase.current = run.phase;
    const refs = { status: statusRef, found: foundRef, result: resultRef, fix: fixRef };
    if (target) refs[target].current?.focus();
  }, [run.phase]);

  useEffect(() => {
    if (run.verdict) markOncePainted(MARK_FIRST_VERDICT);
  }, [run.verdict]);

  const canProbe = stepTransition(run, { type: 'probe' }) !== run;
  // A verdict may say the fix does not apply to what it found (it explains what to do instead).
  // On a collected server the app cannot act there: the step gives the commands instead.
  const onOldServer = !!props.oldServer && !!step.fix && OLD_SERVER_FIXES.has(step.fix) && NEEDS_ACTION.has(run.phase);
  const canFix = !onOldServer && !!step.fix && run.verdict?.fixable !== false && stepTransition(run, { type: 'plan' }) !== run;
  // Every step ends in something to do: a fix, a route, or the change to make by hand and "check again".
  const manual = NEEDS_ACTION.has(run.phase) ? nextActionFor(step, step.manual ? { status: 'fail' } : run.verdict) : null;
  const route = routeOf(run);
  const busyText = BUSY_TEXT[run.phase] ?? '';
  // A record names who recorded it and when; it is never shown as fixed and checked.
  const record = run.phase === 'recorded' ? run.verdict?.recorded : run.phase === 'attested' ? run.outcome?.fix.recorded : undefined;
  const phaseLabel = record ? { ...PHASE_LABEL[run.phase], text: recordedLine(record) } : PHASE_LABEL[run.phase];
  const outcome = run.outcome;
  const showResult = (!!outcome && !run.attested) || run.phase === 'fix-failed' || run.phase === 'no-fix' || run.phase === 'probe-error';

  return (
    <article className="step-detail" aria-labelledby="step-title" data-testid="step-detail" data-phase={run.phase}>
      <header className="step-header">
        <p className="eyebrow">
          Step {index + 1} of {total} · <StatusBadge text={phaseLabel.text} tone={phaseLabel.tone} testId="step-phase" />
        </p>
        <h2 id="step-title" ref={titleRef} tabIndex={-1}>
          {step.title}
        </h2>
        <Citation cite={step.cite} testId="step-citation" />
        <p className="why">{step.why}</p>
      </header>

      <p role="status" className={busyText ? 'busy' : 'busy empty'} ref={statusRef} tabIndex={-1}>
        {busyText}
      </p>

      {run.verdict && !outcome && <VerdictSection verdict={run.verdict} headingRef={foundRef} notCheckedSince={props.notCheckedSince ?? null} />}

      {run.plan && <PlanSection plan={run.plan} made={!!outcome?.fix.ok} />}

      {run.phase === 'applying' && run.plan && FOLLOWED_ACTIONS.has(run.plan.actionId) && runWait && <RunWaitProgress {...runWait} />}

      {step.id === 'gap-deletions' && run.verdict && gapExport && <GapCsvExport {...gapExport} />}

      {onOldServer && props.oldServer && <OldServerPanel stepId={step.id} {...props.oldServer} onOpened={props.onProbe} />}

      {showResult && (
        <section aria-labelledby="result-title" className="panel" data-testid="step-result">
          <h3 id="result-title" ref={resultRef} tabIndex={-1}>
            {run.phase === 'probe-error' ? 'The check could not run' : 'Result'}
          </h3>
          {outcome && (
            <>
              <p className="summary">
                <StatusBadge text={outcome.fix.ok ? 'Done' : 'Failed'} tone={outcome.fix.ok ? 'good' : 'bad'} />{' '}
                <span data-testid="fix-summary">{outcome.fix.summary}</span>
              </p>
              {outcome.fix.errorCode && <p className="muted small">Error code: {outcome.fix.errorCode}</p>}
              {outcome.fix.partial && <PartialSection partial={outcome.fix.partial} />}
              {outcome.fix.revealId && <RevealPassword revealId={outcome.fix.revealId} />}
              <EvidenceTable evidence={outcome.fix.evidence} caption="What happened" />
            </>
          )}
          {run.error && (
            <p className="notice notice-bad" role="alert" data-testid="step-error">
              {run.error.message} <span className="muted small">(code: {run.error.code})</span>
            </p>
          )}
          {run.phase === 'no-fix' && <p>There is nothing for the app to change for this step right now. Run the check again to see the current state.</p>}
        </section>
      )}

      {outcome?.recheck && (
        <section aria-labelledby="recheck-title" className="panel" data-testid="step-recheck">
          <h3 id="recheck-title">{outcome.recheck.recorded ? 'What is recorded now' : 'Checked again after the change'}</h3>
          <VerdictSummary verdict={outcome.recheck} testId="recheck-summary" />
          <EvidenceTable evidence={outcome.recheck.evidence} caption="Details of the new check" />
        </section>
      )}

      {manual && (
        <section aria-labelledby="manual-title" className="panel" data-testid="manual-step">
          <h3 id="manual-title">Do this by hand</h3>
          <ol>
            {manual.instructions.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ol>
          <button type="button" className="btn btn-primary" onClick={props.onAttest} data-testid="attest-button">
            {manual.attestLabel}
          </button>
        </section>
      )}

      {run.phase === 'attested' && (
        <p className="notice" data-testid="attested">
          You said this is done. The app could not confirm it from the server yet; it will when the evidence is there.
        </p>
      )}

      {route && props.routeTitle && run.verdict?.causedBy && (
        <p className="notice" data-testid="route-reason">
          {route.reason}
        </p>
      )}

      <div className="actions">
        {route && props.routeTitle && (
          <button type="button" className="btn btn-primary" onClick={() => props.onSelect(route.stepId)} data-testid="route-button">
            Continue at: {props.routeTitle}
          </button>
        )}
        {canFix && (
          <button ref={fixRef} type="button" className="btn btn-primary" onClick={props.onPlan} data-testid="fix-button">
            {step.recordLabel ?? (run.phase === 'failed' ? 'Fix this…' : 'Try the fix again…')}
          </button>
        )}
        {canProbe && (
          <button type="button" className="btn" onClick={props.onProbe} data-testid="probe-button">
            {run.phase === 'idle' ? 'Run the check' : run.phase === 'unknown' || run.phase === 'probe-error' ? 'Retry the check' : 'Check again'}
          </button>
        )}
        {nextStepId &&
          (run.phase === 'passed' || run.phase === 'verified' || run.phase === 'not-applicable' || run.phase === 'attested' || run.phase === 'recorded') && (
            <button type="button" className="btn" onClick={() => props.onSelect(nextStepId)}>
              Next step
            </button>
          )}
      </div>

      {step.offers && step.offers.length > 0 && props.onOpenOffer && (
        <section aria-labelledby="offers-title" className="panel" data-testid="step-offers">
          <h3 id="offers-title">Other paths</h3>
          <p className="muted small">Each opens its own first step, which says whether it fits this server and lets you choose it instead.</p>
          <div className="actions">
            {step.offers.map((o) => (
              <button
                key={`${o.playbookId}/${o.stepId}`}
                type="button"
                className="btn"
                onClick={() => props.onOpenOffer?.(o.playbookId, o.stepId)}
                data-testid="offer-button"
              >
                {o.label}
              </button>
            ))}
          </div>
        </section>
      )}

      {allDone && (
        <div className="notice notice-good" data-testid="playbook-done">
          <p>Every step of this playbook is OK now.</p>
          <button type="button" className="btn" onClick={props.onDone}>
            Back to the start page
          </button>
        </div>
      )}
    </article>
  );
}

function VerdictSummary({ verdict, testId, notCheckedSince = null }: { verdict: Verdict; testId: string; notCheckedSince?: string | null }) {
  const label = verdict.recorded ? { text: 'Recorded', tone: VERDICT_LABEL.pass.tone } : VERDICT_LABEL[verdict.status];
  return (
    <>
      <p className="summary">
        <StatusBadge text={label.text} tone={label.tone} /> <span data-testid={testId}>{verdict.summary}</span>
      </p>
      {verdict.recorded && (
        <p className="muted small" data-testid="verdict-recorded">
          {recordedLine(verdict.recorded)}. This rests on what was recorded; the app did not check it on the server.
        </p>
      )}
      {notCheckedSince ? (
        <p className="notice" data-testid="verdict-time">
          From {dateTime(notCheckedSince)}, not checked since.
        </p>
      ) : (
        <p className="muted small" data-testid="verdict-time">
          Checked at {dateTime(verdict.checkedAt)}
        </p>
      )}
    </>
  );
}

function VerdictSection({
  verdict,
  headingRef,
  notCheckedSince,
}: {
  verdict: Verdict;
  headingRef: RefObject<HTMLHeadingElement | null>;
  notCheckedSince: string | null;
}) {
  return (
    <section aria-labelledby="found-title" className="panel" data-testid="step-verdict">
      <h3 id="found-title" ref={headingRef} tabIndex={-1}>
        What we found
      </h3>
      <VerdictSummary verdict={verdict} testId="verdict-summary" notCheckedSince={notCheckedSince} />
      <EvidenceTable evidence={verdict.evidence} caption="Details" testId="verdict-evidence" />
    </section>
  );
}

function PlanSection({ plan, made }: { plan: PlannedChange; made: boolean }) {
  return (
    <section aria-labelledby="plan-title" className="panel" data-testid="plan-section">
      <h3 id="plan-title">{made ? 'The change that was made' : 'The planned change'}</h3>
      <p>{plan.title}</p>
      <ChangeList changes={plan.changes} />
    </section>
  );
}

/** A fix that stopped halfway: what was done, what was not, and how to finish by hand. */
function PartialSection({ partial }: { partial: PartialFix }) {
  return (
    <div className="partial" data-testid="partial-fix">
      <h4>What was done</h4>
      {partial.done.length ? (
        <ul data-testid="partial-done">
          {partial.done.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : (
        <p>Nothing was changed.</p>
      )}
      <h4>What was not done</h4>
      <ul data-testid="partial-not-done">
        {partial.notDone.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
      <h4>How to finish by hand</h4>
      <ol data-testid="partial-by-hand">
        {partial.byHand.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ol>
    </div>
  );
}
