// The probe registry: one collector per ProbeId, its output checked against the shared schema.
import { PROBE_OUTPUTS, type ProbeOutput } from '../../shared/playbooks/probes';
import type { ProbeId } from '../../shared/playbooks/types';
import type { PortContext } from './context';
import { probeLogonAccount } from './logon-account';
import {
  probeCloudAccount,
  probeEndpoint,
  probeScheduler,
  probeAppCertificate,
  probeSyncDatabase,
  probeSyncPasswordHashSync,
  probeSyncRuns,
  probeTls,
} from './method1';
import { probeSyncService } from './sync-service';
import { probeGap, probeSyncAccount, probeUpgrade } from './dirsync-upgrade';
import { probeAdConnectorAccount, probeAdfs } from './server';
import { probeAutoUpgrade, probeSyncTool } from './sync-tool';

type Collector<P extends ProbeId> = (ctx: PortContext, signal?: AbortSignal) => Promise<ProbeOutput<P>>;

const COLLECTORS: { [P in ProbeId]: Collector<P> } = {
  'sync-tool': probeSyncTool,
  'auto-upgrade': probeAutoUpgrade,
  'sync-service': probeSyncService,
  'dirsync-upgrade': probeUpgrade,
  'sync-account': probeSyncAccount,
  'deletion-gap': probeGap,
  scheduler: probeScheduler,
  'cloud-account': probeCloudAccount,
  'sync-runs': probeSyncRuns,
  'sync-database': probeSyncDatabase,
  'password-hash-sync': probeSyncPasswordHashSync,
  'app-certificate': probeAppCertificate,
  tls: probeTls,
  endpoint: probeEndpoint,
  'logon-account': probeLogonAccount,
  adfs: probeAdfs,
  'ad-connector-account': probeAdConnectorAccount,
};

export async function runProbe<P extends ProbeId>(id: P, ctx: PortContext, signal?: AbortSignal): Promise<ProbeOutput<P>> {
  const output = await COLLECTORS[id](ctx, signal);
  // Our own output is checked too: a host returning a malformed shape must not reach a check.
  return PROBE_OUTPUTS[id].parse(output) as ProbeOutput<P>;
}
