// The words the UI uses for states, in plain helpdesk language, kept in one place.
import type { StepPhase } from '../shared/playbooks/engine';
import type { VerdictStatus } from '../shared/playbooks/types';
import type { Severity } from '../shared/findings/finding';
import { localDateTime } from '../shared/domain/local-time';

export type Tone = 'neutral' | 'busy' | 'good' | 'bad' | 'warn';

export const PHASE_LABEL: Record<StepPhase, { text: string; tone: Tone }> = {
  idle: { text: 'Not checked yet', tone: 'neutral' },
  probing: { text: 'Checking…', tone: 'busy' },
  passed: { text: 'OK', tone: 'good' },
  'not-applicable': { text: 'Does not apply', tone: 'neutral' },
  unknown: { text: 'Unknown: could not read', tone: 'warn' },
  failed: { text: 'Problem found', tone: 'bad' },
  'probe-error': { text: 'Could not check', tone: 'warn' },
  planning: { text: 'Preparing the fix…', tone: 'busy' },
  'no-fix': { text: 'Nothing to change', tone: 'warn' },
  confirming: { text: 'Waiting for your OK', tone: 'warn' },
  applying: { text: 'Fixing…', tone: 'busy' },
  verified: { text: 'Fixed and checked', tone: 'good' },
  'still-failing': { text: 'Still a problem', tone: 'bad' },
  'fix-failed': { text: 'Fix did not work', tone: 'bad' },
  attested: { text: 'Done by hand (you said so)', tone: 'good' },
  // The step view names who and when (recordedLine); a record is never "fixed and checked".
  recorded: { text: 'Recorded', tone: 'good' },
};

export const VERDICT_LABEL: Record<VerdictStatus, { text: string; tone: Tone }> = {
  pass: { text: 'OK', tone: 'good' },
  fail: { text: 'Problem', tone: 'bad' },
  warn: { text: 'Warning', tone: 'warn' },
  'not-applicable': { text: 'Does not apply', tone: 'neutral' },
  unknown: { text: 'Unknown', tone: 'warn' },
};

export const SEVERITY_LABEL: Record<Severity, { text: string; tone: Tone }> = {
  critical: { text: 'Critical', tone: 'bad' },
  error: { text: 'Error', tone: 'bad' },
  warning: { text: 'Warning', tone: 'warn' },
  info: { text: 'Info', tone: 'neutral' },
};

/** "KB 2882421 · Method 1 · Step 2": the command line's text output says it the same way. */
export { citationLine } from '../shared/playbooks/citation-text';

/** A moment as date and time in the admin's locale and time zone, the zone named ("Nov 22, 2026, 4:48:00 AM GMT+1"). */
export function dateTime(iso: string): string {
  return localDateTime(iso);
}
