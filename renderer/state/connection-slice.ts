// What the app is connected to: the sync server, the directory and the sync tool (app:info).
import type { AppInfo } from '../../shared/domain/app';
import type { CaFileChoice, DirectoryCredentials } from '../../shared/ipc/contract';
import type { IpcError } from '../../shared/ipc/errors';
import { latestOnly, type LoadStatus } from './load-state';
import type { SliceCreator } from './slice';
import type { FindingsSlice } from './findings-slice';
import type { WizardSlice } from './wizard-slice';

export interface ConnectionSlice {
  info: AppInfo | null;
  infoStatus: LoadStatus;
  infoError: IpcError | null;
  loadInfo(): Promise<void>;
  /** Replace the info after something changed it (a lab scenario was loaded). */
  setInfo(info: AppInfo): void;
  /** Sign in to Active Directory. Resolves to the error, or null when connected. The password is not kept. */
  connectDirectory(credentials: DirectoryCredentials): Promise<IpcError | null>;
  connecting: boolean;
  /** The CA file the main process holds for the sign-in (its name only). */
  caFile: CaFileChoice['caFile'];
  /** Ask the main process to open its CA file picker, or (clear) to forget the choice. Resolves to the error, or null. */
  chooseCaFile(clear?: boolean): Promise<IpcError | null>;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice, Pick<WizardSlice, 'resetWizard'> & Pick<FindingsSlice, 'clearFindings'>> =
  (api) => (set, get) => {
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
      connecting: false,
      async connectDirectory(credentials) {
        if (get().connecting) return null;
        set({ connecting: true });
        const result = await api.call('directory:connect', credentials);
        set({ connecting: false });
        if (!result.ok) return result.error;
        get().setInfo(result.value);
        // Another directory: the steps and findings that read the old one start over.
        get().resetWizard();
        get().clearFindings();
        return null;
      },
      caFile: null,
      async chooseCaFile(clear) {
        const result = await api.call('directory:choose-ca-file', clear ? { clear: true } : {});
        if (!result.ok) return result.error;
        set({ caFile: result.value.caFile });
        return null;
      },
      setInfo(info) {
        // Anything still loading describes the old state.
        requests.invalidate();
        set({ info, infoStatus: 'ready', infoError: null });
      },
    };
  };
