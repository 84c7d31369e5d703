// The whole diagnosis: the playbooks' own checks (a finding is a failing step) and the few
// rules about things no playbook step checks (AD FS beside the sync tool, the deprecated tool,
// DirSync's directory account, a run in progress), over one memo of the ports.
import type { Finding, Severity } from '../../shared/rules/finding';
import { diagnose } from '../../shared/rules/triage';
import type { PortContext } from '../probes/context';
import { collectSnapshot } from './collect';
import { memoizedPorts } from './memo-ports';
import { checkAllSteps } from './step-checks';

const ORDER: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

export async function runDiagnosis(ports: PortContext, signal?: AbortSignal, timeoutMs?: number): Promise<Finding[]> {
  const ctx = memoizedPorts(ports);
  const [rules, steps] = await Promise.all([collectSnapshot(ctx, { signal, timeoutMs }).then(diagnose), checkAllSteps(ctx, signal)]);
  return [...steps, ...rules].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
