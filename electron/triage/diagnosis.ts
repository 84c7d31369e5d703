// The whole diagnosis: the playbooks' own checks, over one memo of the ports. A finding is a
// failing step; a step whose facts could not be read is a finding that opens that step, where
// the reason is told in words and the check can be run again (no second mechanism).
import type { Finding, Severity } from '../../shared/findings/finding';
import type { PortContext } from '../probes/context';
import { memoizedPorts } from './memo-ports';
import { checkAllSteps } from './step-checks';

const ORDER: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** timeoutMs: each step's own time limit, so one hung source costs that step's finding, never the whole diagnosis. */
export async function runDiagnosis(ports: PortContext, signal?: AbortSignal, timeoutMs?: number): Promise<Finding[]> {
  const steps = await checkAllSteps(memoizedPorts(ports), signal, timeoutMs);
  return steps.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
