// The app session's Workbench, bound to the scan engine's code: its scanner, its rules (to judge
// an edited value) and its top-level-domain data (to call a UPN suffix routable or not).
import type { AuditLog } from '../audit/audit-log';
import { RequestError } from '../ipc/dispatch';
import type { PortContext } from '../probes/context';
import { Workbench } from './workbench';

export function createAppWorkbench(o: { dataDir: string; audit: AuditLog; actor: string; ports: () => PortContext }): Workbench {
  const notYet = () => {
    throw new RequestError('unavailable', 'The directory scan engine is not part of this build yet.');
  };
  return new Workbench({
    dataDir: o.dataDir,
    audit: o.audit,
    actor: o.actor,
    host: async () => (await o.ports().host.osFacts()).computerName,
    directory: () => o.ports().directory,
    scan: () => notYet,
    validate: notYet,
    isRoutable: notYet,
  });
}
