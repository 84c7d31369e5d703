// Why a sync service cannot log on (error 1069), told by KB 2882421 Method 2's own checks: the
// playbook's steps that read the logon account, in their order, over the same probe the wizard
// and the diagnosis use. The first step that fails is the reason (its summary, its evidence, its
// step); there is no second rule chain here that could disagree with the step the admin opens.
import { CHECKS } from './checks';
import { WAITS } from './checks-method2';
import { KB2882421 } from './kb2882421';
import type { LogonAccountProbe } from './probes';
import type { Evidence, PlaybookStep } from './types';

export interface LogonFailureExplanation {
  /** The Method 2 step whose check gives the reason (and fixes it). */
  step: PlaybookStep;
  /** fail: the reason found; unknown: the facts that would tell could not be read (the summary says why). */
  status: 'fail' | 'unknown';
  /** The check's cause (service-account-disabled, …), the finding id the diagnosis gives it. */
  cause: string | null;
  reason: string;
  evidence: Evidence[];
}

/** The steps that judge the logon account, in the playbook's order. */
const LOGON_STEPS: readonly PlaybookStep[] = KB2882421.steps.filter((s) => CHECKS[s.check].probe === 'logon-account');

export function explainLogonFailure(o: LogonAccountProbe): LogonFailureExplanation | null {
  let unread: LogonFailureExplanation | null = null;
  for (const step of LOGON_STEPS) {
    const r = CHECKS[step.check].run(o);
    if (r.status === 'fail') return { step, status: 'fail', cause: r.cause ?? null, reason: r.summary, evidence: r.evidence };
    if (r.status === 'unknown' && r.cause !== WAITS && !unread) unread = { step, status: 'unknown', cause: null, reason: r.summary, evidence: r.evidence };
  }
  return unread;
}
