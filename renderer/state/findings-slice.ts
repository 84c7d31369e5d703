// Triage: everything the app found wrong on the server and in the directory (triage:diagnose).
import type { IpcError } from '../../shared/ipc/errors';
import type { Finding } from '../../shared/findings/finding';
import { latestOnly, type LoadStatus } from './load-state';
import type { SliceCreator } from './slice';

export interface FindingsSlice {
  findings: readonly Finding[] | null;
  findingsStatus: LoadStatus;
  findingsError: IpcError | null;
  diagnose(): Promise<void>;
  clearFindings(): void;
}

export const createFindingsSlice: SliceCreator<FindingsSlice> = (api) => (set) => {
  const requests = latestOnly();
  return {
    findings: null,
    findingsStatus: 'idle',
    findingsError: null,
    async diagnose() {
      const ticket = requests.next();
      set({ findingsStatus: 'loading', findingsError: null });
      const result = await api.call('triage:diagnose', {});
      if (!requests.isCurrent(ticket)) return;
      if (result.ok) set({ findings: result.value, findingsStatus: 'ready' });
      else set({ findingsStatus: 'error', findingsError: result.error });
    },
    clearFindings() {
      requests.invalidate();
      set({ findings: null, findingsStatus: 'idle', findingsError: null });
    },
  };
};
