import type { UpgradeRecordStore } from '../records/upgrade-records';
import type { DirectoryPort } from '../ports/directory-port';
import type { HostPort } from '../ports/host-port';

/** What probes and actions may touch: the two ports and the clock. */
export interface PortContext {
  host: HostPort;
  /** null when no directory is connected. */
  directory: DirectoryPort | null;
  now: () => Date;
  /** The upgrade checklist's records (chosen path, attested steps, snapshot); absent in tools that keep none. */
  records?: UpgradeRecordStore;
}
