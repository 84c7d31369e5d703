// The wizard frame: the playbook's title and article, the step list, and the current step.
import { useEffect, useMemo, useRef, useState } from 'react';
import { IDLE, playbookProgress, routeOf } from '../../shared/playbooks/engine';
import { MARK_WIZARD_VISIBLE, markOncePainted } from '../perf';
import { useApp } from '../state/context';
import { selectPlaybook } from '../state/selectors';
import { useFocusOnMount } from './focus';
import { StepDetail } from './StepDetail';
import { StepList } from './StepList';
import { Citation } from './Citation';

export function Wizard() {
  const playbook = useApp(selectPlaybook);
  const runs = useApp((s) => s.runs);
  const selectedStepId = useApp((s) => s.selectedStepId);
  const selectStep = useApp((s) => s.selectStep);
  const probeStep = useApp((s) => s.probeStep);
  const planFix = useApp((s) => s.planFix);
  const attestStep = useApp((s) => s.attestStep);
  const runWaitStatus = useApp((s) => s.runWaitStatus);
  const cancelRunWait = useApp((s) => s.cancelRunWait);
  const exportGapCsv = useApp((s) => s.exportGapCsv);
  const progressProblem = useApp((s) => s.progressProblem);
  const notCheckedSince = useApp((s) => s.notCheckedSince);
  const closePlaybook = useApp((s) => s.closePlaybook);
  const startPlaybook = useApp((s) => s.startPlaybook);
  const collected = useApp((s) => s.info?.collected ?? null);
  const oldServerSteps = useApp((s) => s.oldServerSteps);
  const openCollectedFile = useApp((s) => s.openCollectedFile);
  const titleRef = useRef<HTMLHeadingElement>(null);
  // Focus the step title only once the admin has picked a step; on opening, the playbook title has it.
  const [pickedByAdmin, setPickedByAdmin] = useState(false);

  useFocusOnMount(titleRef);
  useEffect(() => markOncePainted(MARK_WIZARD_VISIBLE), []);

  const progress = useMemo(() => (playbook ? playbookProgress(playbook, runs) : null), [playbook, runs]);
  if (!playbook || !progress) return null;

  const index = Math.max(
    0,
    playbook.steps.findIndex((s) => s.id === selectedStepId),
  );
  const step = playbook.steps[index];
  const next = playbook.steps[index + 1]?.id ?? null;
  const route = step ? routeOf(runs[step.id]) : null;
  const routeTitle = route ? (playbook.steps.find((s) => s.id === route.stepId)?.title ?? null) : null;
  const pick = (stepId: string) => {
    setPickedByAdmin(true);
    selectStep(stepId);
  };

  return (
    <div className="wizard" data-testid="wizard">
      <div className="wizard-head">
        <button type="button" className="btn btn-link" onClick={closePlaybook}>
          ← Back to the start page
        </button>
        <h1 ref={titleRef} tabIndex={-1}>
          {playbook.title}
        </h1>
        <Citation cite={playbook.cite} />
        <p className="muted">
          {progress.settled} of {progress.total} {progress.total === 1 ? 'step' : 'steps'} OK
        </p>
        {progressProblem && (
          <p className="notice" data-testid="progress-problem">
            {progressProblem}
          </p>
        )}
      </div>
      <div className="wizard-body">
        <StepList steps={playbook.steps} runs={runs} selectedStepId={step?.id ?? null} notCheckedSince={notCheckedSince} onSelect={pick} />
        {step && (
          <StepDetail
            key={step.id}
            step={step}
            index={index}
            total={playbook.steps.length}
            run={runs[step.id] ?? IDLE}
            notCheckedSince={notCheckedSince[step.id] ?? null}
            focusTitle={pickedByAdmin}
            nextStepId={next}
            routeTitle={routeTitle}
            allDone={progress.done}
            onProbe={() => void probeStep(step.id)}
            onPlan={() => void planFix(step.id)}
            onAttest={() => void attestStep(step.id)}
            runWait={{ status: runWaitStatus, cancel: cancelRunWait }}
            gapExport={{ exportCsv: exportGapCsv }}
            oldServer={collected?.kind === 'collector' ? { load: oldServerSteps, openNext: () => openCollectedFile(true) } : undefined}
            onSelect={pick}
            onOpenOffer={(playbookId, stepId) => void startPlaybook(playbookId, stepId)}
            onDone={closePlaybook}
          />
        )}
      </div>
    </div>
  );
}
