import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { ApiProvider } from './api/app-api';
import { App } from './components/App';
import { StoreProvider } from './state/context';
import { createAppStore } from './state/store';
import './styles/app.css';

const api = createApiClient(window.dirsync);
const store = createAppStore(api);

// "#/playbook/<id>" opens a playbook straight away (used by the benchmark and by links from the main process).
const route = /^#\/playbook\/([a-z0-9-]+)$/.exec(window.location.hash);
if (route?.[1]) store.getState().startPlaybook(route[1]);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </ApiProvider>
  </StrictMode>,
);
