// The API client for the parts of the window outside the store (the home's sync line, the audit
// view, article links, screenshots): the one main.tsx gives the store too, handed down by context;
// without a provider, a client over window.dirsync made on first use.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from './client';

let fallback: ApiClient | null = null;

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  return createElement(ApiContext.Provider, { value: api }, children);
}

export function useApi(): ApiClient {
  const given = useContext(ApiContext);
  if (given) return given;
  fallback ??= createApiClient(window.dirsync);
  return fallback;
}
