import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { ApiProvider } from './api/app-api';
import { App } from './components/App';
import { StoreProvider } from './state/context';
import { syncRoute } from './state/route-sync';
import { createAppStore } from './state/store';
import './styles/app.css';

const api = createApiClient(window.dirsync);
const store = createAppStore(api);

// The view is in the address: "#/playbook/<id>[/<step>]" opens that playbook at that step (after a
// reload, from the benchmark, from links of the main process), and Back returns to the view before.
syncRoute(store);

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
