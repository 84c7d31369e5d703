// The renderer's state: one zustand store made of slices, each owning one concern. The API
// client is passed in, so tests build a store around a fake.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/client';
import { createCollectorSlice, type CollectorSlice } from './collector-slice';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice';
import { createFindingsSlice, type FindingsSlice } from './findings-slice';
import { createLabSlice, type LabSlice } from './lab-slice';
import { createWizardSlice, type WizardSlice } from './wizard-slice';

export type AppState = ConnectionSlice & LabSlice & WizardSlice & FindingsSlice & CollectorSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(api: ApiClient): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createConnectionSlice(api)(...a),
    ...createLabSlice(api)(...a),
    ...createWizardSlice(api)(...a),
    ...createFindingsSlice(api)(...a),
    ...createCollectorSlice(api)(...a),
  }));
}
