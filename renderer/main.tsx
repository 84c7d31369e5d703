import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { App } from './components/App';
import { StoreProvider } from './state/context';
import { createAppStore } from './state/store';
import './styles/app.css';

const store = createAppStore(createApiClient(window.dirsync));

// "#/playbook/<id>" opens a playbook straight away (used by the benchmark and by links from the main process).
const route = /^#\/playbook\/([a-z0-9-]+)$/.exec(window.location.hash);
if (route?.[1]) store.getState().startPlaybook(route[1]);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
