// Preload (sandboxed, bundled to CommonJS): exposes the contract-derived API and nothing else.
// Must not import Node modules: a sandboxed preload can only require 'electron'.
import { contextBridge, ipcRenderer } from 'electron';
import { createDirsyncApi } from './glue/preload-api';

contextBridge.exposeInMainWorld(
  'dirsync',
  createDirsyncApi((wireChannel, request) => ipcRenderer.invoke(wireChannel, request)),
);
