/** Page entry: start the training worker, wire the stores and the scripting API, render the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isBackendChoice, type BackendChoice } from './core/engines/tfjs/backend';
import { createLabController } from './state/labController';
import { createDataStudio } from './state/dataStudio';
import { createMicroscopeActions, installMicroscopeActions } from './state/microscope';
import { failLab } from './state/runStore';
import { installNetworkView } from './state/networkView';
import { App } from './ui/App';
import { LabProvider } from './ui/LabContext';
import { DataStudioProvider } from './ui/panels/data/DataStudioContext';
import { installScriptingApi } from './ui/scriptingApi';
import { applyLinkAtStartup, installShareFeatures } from './ui/share/setup';
import { linkTextOf } from './ui/share/linkState';
import { installGlobalErrorHandlers } from './ui/reliability/globalErrors';
import { startWithSavedExperiment } from './ui/reliability/persistenceSetup';
import { startLabWorker, startMeasureWorker } from './worker/client';
import './ui/styles.css';

/** `?backend=webgpu|webgl|wasm|cpu` forces a backend (falling back if it cannot start). */
function backendFromUrl(search: string): BackendChoice {
  const requested = new URLSearchParams(search).get('backend');
  if (requested === null) return 'auto';
  if (isBackendChoice(requested)) return requested;
  console.warn(`Ignoring unknown ?backend=${requested}; use webgpu, webgl, wasm, cpu or auto.`);
  return 'auto';
}

installGlobalErrorHandlers();
// Read before anything rewrites the address bar: a link there wins over the saved experiment.
const urlHasLink = linkTextOf(window.location.search, window.location.hash) !== '';
applyLinkAtStartup();
const worker = startLabWorker();
worker.onCrash(failLab);
const controller = createLabController({ ...worker, startMeasureWorker });
const dataStudio = createDataStudio(worker.api, controller);
const started = startWithSavedExperiment(
  controller,
  worker.api,
  dataStudio,
  backendFromUrl(window.location.search),
  urlHasLink,
);
dataStudio.start();
installScriptingApi(controller, started, dataStudio);
installMicroscopeActions(createMicroscopeActions(worker.api));
installNetworkView(worker.api);
installShareFeatures(worker.api, controller, started);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks <div id="root">');
createRoot(root).render(
  <StrictMode>
    <LabProvider controller={controller}>
      <DataStudioProvider studio={dataStudio}>
        <App />
      </DataStudioProvider>
    </LabProvider>
  </StrictMode>,
);
