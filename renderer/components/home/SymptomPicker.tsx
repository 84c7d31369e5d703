// "What are you seeing?": the situations of the knowledge-base article, each leading to a playbook
// step, to the readiness workbench filtered to the matching errors, or, where the app cannot act,
// to a short explanation and the Microsoft page to read.
import { useId, useState } from 'react';
import type { AppInfo } from '../../../shared/domain/app';
import { findPlaybook, findStep } from '../../../shared/playbooks/index';
import { toolUpgradeTarget } from '../../../shared/home/playbook-fit';
import { SYMPTOMS, type Symptom } from '../../../shared/home/symptoms';
import { useApp } from '../../state/context';
import { ArticleLink } from '../ArticleLink';
import { workbenchHref } from './workbench-route';

const ERROR_WORDS: Partial<Record<string, string>> = {
  duplicate: 'values another object already holds',
  topleveldomain: 'sign-in names and addresses with a suffix Entra ID cannot verify (.local)',
  blank: 'empty values',
};

function scanWords(error: string | null, attribute: string | null): string {
  if (!error) return 'Scan the directory for objects Entra ID would reject';
  return `Scan the directory for ${ERROR_WORDS[error] ?? `${error} errors`}${attribute ? ` in ${attribute}` : ''}`;
}

export function SymptomPicker({ syncTool }: { syncTool: AppInfo['syncTool'] | null }) {
  const [chosenId, setChosenId] = useState<string | null>(null);
  const name = useId();
  const chosen = SYMPTOMS.find((s) => s.id === chosenId) ?? null;
  return (
    <section aria-labelledby="symptoms-title" className="panel" data-testid="symptom-picker">
      <h2 id="symptoms-title">What are you seeing?</h2>
      <fieldset className="symptoms">
        <legend>Choose the problem you were told about or see</legend>
        {SYMPTOMS.map((s) => (
          <label key={s.id} className="symptom-choice">
            <input type="radio" name={name} value={s.id} checked={chosenId === s.id} onChange={() => setChosenId(s.id)} data-testid={`symptom-${s.id}`} />
            {s.label}
          </label>
        ))}
      </fieldset>
      {chosen && <SymptomAnswer symptom={chosen} syncTool={syncTool} />}
    </section>
  );
}

function SymptomAnswer({ symptom, syncTool }: { symptom: Symptom; syncTool: AppInfo['syncTool'] | null }) {
  const startPlaybook = useApp((s) => s.startPlaybook);
  const t = symptom.target;
  const step = t.kind === 'step' ? { playbookId: t.playbookId, stepId: t.stepId } : t.kind === 'tool-upgrade' && syncTool ? toolUpgradeTarget(syncTool) : null;
  const playbook = step ? findPlaybook(step.playbookId) : undefined;
  const stepDef = step?.stepId ? findStep(step.playbookId, step.stepId) : undefined;
  return (
    <div className="symptom-answer" data-testid="symptom-answer" aria-live="polite">
      <h3>{symptom.label}</h3>
      <p>{symptom.explanation}</p>
      {playbook && step && (
        <button type="button" className="btn btn-primary" data-testid="symptom-go" onClick={() => startPlaybook(step.playbookId, step.stepId ?? undefined)}>
          {stepDef ? `Open the step: ${stepDef.title}` : `Start: ${playbook.title}`}
        </button>
      )}
      {t.kind === 'scan' && (
        <a className="btn btn-primary" href={workbenchHref({ error: t.error, attribute: t.attribute })} data-testid="symptom-go">
          {scanWords(t.error, t.attribute)}
        </a>
      )}
      <p className="muted small">
        From the article “{symptom.cite.title}”{symptom.cite.method ? `, ${symptom.cite.method}` : ''}
      </p>
      <p>Read at Microsoft:</p>
      <ul className="article-links">
        {symptom.read.map((a) => (
          <li key={a.url}>
            <ArticleLink article={a} />
          </li>
        ))}
      </ul>
    </div>
  );
}
