// The whole diagnosis: the playbooks' own checks, over one memo of the ports. A finding is a
// failing step; a step whose facts could not be read is a finding that opens that step, where
// the reason is told in words and the check can be run again (no second mechanism). A finding
// that follows from another present one is listed under it (shared/findings/causes.ts).
import { orderByCause } from '../../shared/findings/causes';
import type { Finding } from '../../shared/findings/finding';
import type { PortContext } from '../probes/context';
import { memoizedPorts } from './memo-ports';
import { checkAllSteps } from './step-checks';

/** timeoutMs: each step's own time limit, so one hung source costs that step's finding, never the whole diagnosis. */
export async function runDiagnosis(ports: PortContext, signal?: AbortSignal, timeoutMs?: number): Promise<Finding[]> {
  const steps = await checkAllSteps(memoizedPorts(ports), signal, timeoutMs);
  // Root causes first (by severity), each followed by the findings that follow from it.
  return orderByCause(steps);
}
