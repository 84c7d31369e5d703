// The workbench's store for the app window, made once on first use (tests make their own).
import { createApiClient } from '../api/client';
import { createWorkbenchStore, type WorkbenchStore } from './workbench-store';

let store: WorkbenchStore | null = null;

export function appWorkbenchStore(): WorkbenchStore {
  store ??= createWorkbenchStore(createApiClient(window.dirsync));
  return store;
}
