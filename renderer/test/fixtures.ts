// Realistic wire values for renderer tests, shaped like the main process sends them.
import type { AppInfo, ScenarioSummary } from '../../shared/domain/app';
import type { ApplyOutcome, PlannedChange, Verdict } from '../../shared/playbooks/types';
import type { Finding } from '../../shared/findings/finding';
import { KB2882421 } from '../../shared/playbooks/kb2882421';

export const PLAYBOOK_ID = KB2882421.id;
export const STEP_ID = 'm1-s2-sync-service-running';

export function appInfo(over: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    mode: 'lab',
    scenario: { id: 'sync-service-stopped', title: 'Sync service stopped' },
    host: { computerName: 'SYNC01', domain: 'lab.example.com', os: 'Windows Server 2019 Standard', is64Bit: true, isElevated: true },
    directory: { kind: 'memory', connected: true, domain: 'lab.example.com', server: 'lab directory', problem: null },
    syncTool: {
      generation: 'entra-connect',
      label: 'Microsoft Entra Connect (Azure AD Connect)',
      version: '2.3.20.0',
      bitness: '64',
      supported: true,
      status: 'supported',
    },
    ...over,
  };
}

export const SCENARIOS: ScenarioSummary[] = [
  { id: 'healthy-entra-connect', title: 'Healthy Entra Connect', description: 'Everything works.' },
  { id: 'sync-service-stopped', title: 'Sync service stopped', description: 'ADSync is stopped.' },
];

const serviceEvidence = (state: string) => [
  { label: 'Sync tool found', value: 'entra-connect', source: 'installed programs and services' },
  { label: 'State', value: state, source: 'service ADSync' },
];

export function verdict(status: Verdict['status'], over: Partial<Verdict> = {}): Verdict {
  return {
    status,
    summary: status === 'pass' ? 'Microsoft Azure AD Sync is running.' : 'Microsoft Azure AD Sync is stopped: nothing syncs while it is not running.',
    evidence: serviceEvidence(status === 'pass' ? 'running' : 'stopped'),
    checkedAt: '2025-11-21T10:00:00.000Z',
    ...over,
  };
}

export function plan(over: Partial<PlannedChange> = {}): PlannedChange {
  return {
    planId: 'plan-0001-abcdef',
    playbookId: PLAYBOOK_ID,
    stepId: STEP_ID,
    actionId: 'services.start',
    title: 'Start Microsoft Azure AD Sync',
    changes: [{ target: 'Service ADSync (Microsoft Azure AD Sync)', property: 'state', from: 'stopped', to: 'running' }],
    destructive: false,
    reversible: true,
    expiresAt: '2025-11-21T10:05:00.000Z',
    ...over,
  };
}

export function applied(ok: boolean, recheck: Verdict | null = ok ? verdict('pass') : null): ApplyOutcome {
  return {
    fix: ok
      ? { ok: true, summary: 'Microsoft Azure AD Sync started.', evidence: [{ label: 'State', value: 'running', source: 'service ADSync' }], errorCode: null }
      : {
          ok: false,
          summary: 'The service did not start: its logon account could not sign in (error 1069).',
          evidence: [{ label: 'Event 7038 (Service Control Manager)', value: 'logon failure', source: 'System event log' }],
          errorCode: 'service-logon-failed',
        },
    recheck,
  };
}

export const FINDING: Finding = {
  id: 'sync-service-stopped',
  severity: 'critical',
  title: 'The sync service is stopped',
  cite: {
    kb: '2882421',
    title: 'Directory synchronization stops',
    read: { title: 'KB 2882421 on Microsoft Support', url: 'https://support.microsoft.com/help/2882421' },
    retired: false,
    method: 'Method 1',
    step: '2',
  },
  evidence: [{ label: 'State', value: 'stopped', source: 'service ADSync' }],
  fixedBy: { playbookId: PLAYBOOK_ID, stepId: STEP_ID },
};
