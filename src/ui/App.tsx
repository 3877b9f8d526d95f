import { LossChartPanel } from './charts/LossChartPanel';
import { BackendBadge } from './panels/BackendBadge';
import { DataPanel } from './panels/DataPanel';
import { DataSummaryView } from './panels/DataSummaryView';
import { DataSourcePanel } from './panels/data/DataSourcePanel';
import { DatasetViewPanel } from './panels/data/DatasetViewPanel';
import { MicroscopePanel } from './microscope/MicroscopePanel';
import { ModelPanel } from './panels/ModelPanel';
import { RunControls } from './panels/RunControls';
import { StatusBanner } from './panels/StatusBanner';
import { ComparePanel } from './compare/ComparePanel';
import { GroupingPanel } from './grouping/GroupingPanel';
import { SweepPanel } from './sweep/SweepPanel';
import { LessonPanel } from './lessons/LessonPanel';
import { ExportPanel } from './share/ExportPanel';
import { Hideable } from './share/Hideable';
import { LinkNotice } from './share/LinkNotice';
import { SharePanel } from './share/SharePanel';
import { ReliabilityBanner } from './reliability/ReliabilityBanner';
import { SavedExperimentControl } from './reliability/SavedExperimentControl';
import { ShortcutHelp } from './keyboard/ShortcutHelp';
import { NetworkViewPanel } from './network/NetworkViewPanel';

export function App() {
  return (
    <div className="app">
      <a className="skip-link" href="#results">
        Skip to the chart and results
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>MTL Lab</h1>
          <p className="tagline">
            Train multi-task networks in your browser and watch the tasks help or hurt each other.
          </p>
        </div>
        {/* Run controls come first in the Tab order (skip link, then Play). */}
        <div className="header-run">
          <Hideable id="run-controls">
            <RunControls />
          </Hideable>
          <ShortcutHelp />
        </div>
        <Hideable id="backend">
          <BackendBadge />
        </Hideable>
      </header>
      <main className="layout">
        <div className="controls-column">
          <Hideable id="lessons">
            <LessonPanel />
          </Hideable>
          <Hideable id="data-source">
            <DataSourcePanel />
          </Hideable>
          <Hideable id="data">
            <DataPanel />
          </Hideable>
          <Hideable id="model">
            <ModelPanel />
          </Hideable>
          <Hideable id="share">
            <SharePanel />
          </Hideable>
          <Hideable id="export">
            <ExportPanel />
          </Hideable>
          <Hideable id="saved">
            <SavedExperimentControl />
          </Hideable>
        </div>
        <div className="results-column" id="results" tabIndex={-1}>
          <LinkNotice />
          <StatusBanner />
          <ReliabilityBanner />
          {/* The first screen (issue 18): the network beside the loss curves, as in Playground. */}
          <div className="first-screen">
            <NetworkViewPanel />
            <LossChartPanel />
          </div>
          <Hideable id="compare">
            <ComparePanel />
          </Hideable>
          <Hideable id="microscope">
            <MicroscopePanel />
          </Hideable>
          <Hideable id="grouping">
            <GroupingPanel />
          </Hideable>
          <Hideable id="sweep">
            <SweepPanel />
          </Hideable>
          <DataSummaryView />
          <DatasetViewPanel />
        </div>
      </main>
    </div>
  );
}
