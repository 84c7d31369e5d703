// The app session's Workbench, bound to the scan engine's code: its scanner (electron/readiness/scan), its
// rules (to judge an edited value) and its top-level-domain data (to call a UPN suffix routable).
import { scopeFromOuFiltering } from '../../shared/domain/ou-filtering';
import { validateEdit } from '../../shared/readiness/validate-edit';
import { hasRealTopLevelDomain } from '../../shared/readiness/scan/address';
import type { AuditLog } from '../audit/audit-log';
import type { PortContext } from '../probes/context';
import { runScan } from './scan/scanner';
import type { ScanState } from './scan/scan-state';
import { Workbench } from './workbench';

export function createAppWorkbench(o: { dataDir: string; audit: AuditLog; actor: string; ports: () => PortContext }): Workbench {
  return new Workbench({
    dataDir: o.dataDir,
    audit: o.audit,
    actor: o.actor,
    host: async () => (await o.ports().host.osFacts()).computerName,
    directory: () => o.ports().directory,
    scan: (dir) => (options) => runScan(dir, { ...options, since: options.since as ScanState | undefined }),
    validate: (finding, value) => validateEdit(finding, value),
    isRoutable: (suffix) => suffix.includes('.') && hasRealTopLevelDomain(suffix),
    serverScope: async (signal) => {
      const { host, directory } = o.ports();
      if (!directory) return { ok: false, reason: 'No directory is connected.', advice: 'Sign in to a domain controller first.' };
      const filtering = await host.connectorOuFiltering({ signal });
      return scopeFromOuFiltering(filtering, (await directory.info()).baseDn);
    },
  });
}
