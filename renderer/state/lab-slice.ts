// Lab mode: the list of scenarios and switching between them. Loading a scenario changes every
// fact on the simulated server, so it clears wizard runs and findings made against the old one.
import type { ScenarioSummary } from '../../shared/domain/app';
import type { IpcError } from '../../shared/ipc/errors';
import { latestOnly, type LoadStatus } from './load-state';
import type { SliceCreator } from './slice';
import type { ConnectionSlice } from './connection-slice';
import type { FindingsSlice } from './findings-slice';
import type { WizardSlice } from './wizard-slice';

export interface LabSlice {
  scenarios: readonly ScenarioSummary[];
  scenariosStatus: LoadStatus;
  scenariosError: IpcError | null;
  /** The scenario being loaded right now, if any. */
  loadingScenarioId: string | null;
  scenarioError: IpcError | null;
  loadScenarios(): Promise<void>;
  loadScenario(scenarioId: string): Promise<boolean>;
}

export const createLabSlice: SliceCreator<
  LabSlice,
  Pick<ConnectionSlice, 'setInfo'> & Pick<WizardSlice, 'resetWizard'> & Pick<FindingsSlice, 'clearFindings'>
> = (api) => (set, get) => {
  const listRequests = latestOnly();
  const loadRequests = latestOnly();
  return {
    scenarios: [],
    scenariosStatus: 'idle',
    scenariosError: null,
    loadingScenarioId: null,
    scenarioError: null,
    async loadScenarios() {
      const ticket = listRequests.next();
      set({ scenariosStatus: 'loading', scenariosError: null });
      const result = await api.call('lab:list-scenarios', {});
      if (!listRequests.isCurrent(ticket)) return;
      if (result.ok) set({ scenarios: result.value, scenariosStatus: 'ready' });
      else set({ scenariosStatus: 'error', scenariosError: result.error });
    },
    async loadScenario(scenarioId) {
      const ticket = loadRequests.next();
      set({ loadingScenarioId: scenarioId, scenarioError: null });
      const result = await api.call('lab:load-scenario', { scenarioId });
      if (!loadRequests.isCurrent(ticket)) return false;
      if (!result.ok) {
        set({ loadingScenarioId: null, scenarioError: result.error });
        return false;
      }
      set({ loadingScenarioId: null });
      get().setInfo(result.value);
      get().resetWizard();
      get().clearFindings();
      return true;
    },
  };
};
