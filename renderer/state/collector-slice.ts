// A server the app cannot run on: saving the legacy collector script, opening a collected file
// (or a support bundle), and, on such a server, the commands a step needs run there.
import type { OldServerSteps } from '../../shared/collector/old-server';
import type { IpcError } from '../../shared/ipc/errors';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { SliceCreator } from './slice';
import type { ConnectionSlice } from './connection-slice';
import type { FindingsSlice } from './findings-slice';
import type { WizardSlice } from './wizard-slice';

export interface CollectorSlice {
  /** An open of a facts file is under way. */
  collectedOpening: boolean;
  collectedError: IpcError | null;
  /** The collector script's text and file name, for the window to save. */
  collectorScript(): Promise<{ fileName: string; text: string } | { problem: string }>;
  /**
   * Open a collected file (the main process's picker). `keepWizard`: the next collection of the
   * server the wizard is on (its checklist is kept; the caller checks its step again).
   */
  openCollectedFile(keepWizard?: boolean): Promise<boolean>;
  oldServerSteps(stepId: string): Promise<OldServerSteps | null | { problem: string }>;
  /** The support bundle: its sections (preview) or the zip too. */
  makeBundle(pseudonymise: boolean, preview: boolean): Promise<ResponseOf<'bundle:make'> | { problem: string }>;
}

export const createCollectorSlice: SliceCreator<
  CollectorSlice,
  Pick<ConnectionSlice, 'setInfo'> & Pick<WizardSlice, 'resetWizard' | 'playbookId'> & Pick<FindingsSlice, 'clearFindings'>
> = (api) => (set, get) => ({
  collectedOpening: false,
  collectedError: null,
  async collectorScript() {
    const r = await api.call('collector:script', {});
    return r.ok ? r.value : { problem: r.error.message };
  },
  async openCollectedFile(keepWizard = false) {
    set({ collectedOpening: true, collectedError: null });
    const r = await api.call('collector:open', {});
    if (!r.ok) {
      set({ collectedOpening: false, collectedError: r.error });
      return false;
    }
    set({ collectedOpening: false });
    if (!r.value.opened) return false;
    get().setInfo(r.value.info);
    get().clearFindings();
    if (!keepWizard) get().resetWizard();
    return true;
  },
  async makeBundle(pseudonymise, preview) {
    const r = await api.call('bundle:make', { pseudonymise, preview });
    return r.ok ? r.value : { problem: r.error.message };
  },
  async oldServerSteps(stepId) {
    const playbookId = get().playbookId;
    if (!playbookId) return null;
    const r = await api.call('collector:old-server-steps', { playbookId, stepId });
    return r.ok ? r.value : { problem: r.error.message };
  },
});
