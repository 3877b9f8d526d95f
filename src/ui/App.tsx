import { LossChartPanel } from './charts/LossChartPanel';
import { BackendBadge } from './panels/BackendBadge';
import { DataPanel } from './panels/DataPanel';
import { DataSummaryView } from './panels/DataSummaryView';
import { ModelPanel } from './panels/ModelPanel';
import { RunControls } from './panels/RunControls';
import { StatusBanner } from './panels/StatusBanner';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>MTL Lab</h1>
          <p className="tagline">
            Train multi-task networks in your browser and watch the tasks help or hurt each other.
          </p>
        </div>
        <BackendBadge />
      </header>
      <main className="layout">
        <div className="controls-column">
          <DataPanel />
          <ModelPanel />
        </div>
        <div className="results-column">
          <StatusBanner />
          <RunControls />
          <LossChartPanel />
          <DataSummaryView />
        </div>
      </main>
    </div>
  );
}
