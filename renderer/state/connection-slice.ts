// What the app is connected to: the sync server, the directory and the sync tool (app:info).
import type { AppInfo } from '../../shared/domain/app';
import type { IpcError } from '../../shared/ipc/errors';
import { latestOnly, type LoadStatus } from './load-state';
import type { SliceCreator } from './store';

export interface ConnectionSlice {
  info: AppInfo | null;
  infoStatus: LoadStatus;
  infoError: IpcError | null;
  loadInfo(): Promise<void>;
  /** Replace the info after something changed it (a lab scenario was loaded). */
  setInfo(info: AppInfo): void;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (api) => (set) => {
  const requests = latestOnly();
  return {
    info: null,
    infoStatus: 'idle',
    infoError: null,
    async loadInfo() {
      const ticket = requests.next();
      set({ infoStatus: 'loading', infoError: null });
      const result = await api.call('app:info', {});
      if (!requests.isCurrent(ticket)) return;
      if (result.ok) set({ info: result.value, infoStatus: 'ready', infoError: null });
      else set({ infoStatus: 'error', infoError: result.error });
    },
    setInfo(info) {
      // Anything still loading describes the old state.
      requests.invalidate();
      set({ info, infoStatus: 'ready', infoError: null });
    },
  };
};
