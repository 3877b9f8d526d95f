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
import { TaskOutputsPanel } from './panels/TaskOutputsPanel';
import { TaskSimilarityCard } from './panels/TaskSimilarityCard';
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
import { DetailNav } from './layout/DetailNav';
import { DetailSectionFrame } from './layout/DetailSectionFrame';

/**
 * One screen first (issue 18 §5, after TensorFlow Playground's DATA | NETWORK | OUTPUT): the run
 * controls on top, then the tasks and ρ, the network, each task's output and the loss curves;
 * the detailed panels follow, one click away through the nav under the header.
 */
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
      <DetailNav />
      <main className="layout">
        <div className="banners">
          <LinkNotice />
          <StatusBanner />
          <ReliabilityBanner />
        </div>
        <div className="first-screen">
          <div className="screen-data">
            <TaskSimilarityCard />
            <Hideable id="lessons">
              <LessonPanel />
            </Hideable>
            <DataSummaryView />
          </div>
          <div className="screen-network">
            <NetworkViewPanel />
          </div>
          <div className="screen-output" id="results" tabIndex={-1}>
            <TaskOutputsPanel />
            <LossChartPanel />
          </div>
        </div>
        <div className="details">
          <DetailSectionFrame id="model">
            <Hideable id="model">
              <ModelPanel />
            </Hideable>
          </DetailSectionFrame>
          <DetailSectionFrame id="data">
            <Hideable id="data-source">
              <DataSourcePanel />
            </Hideable>
            <Hideable id="data">
              <DataPanel />
            </Hideable>
            <DatasetViewPanel />
          </DetailSectionFrame>
          <DetailSectionFrame id="microscope">
            <Hideable id="microscope">
              <MicroscopePanel />
            </Hideable>
          </DetailSectionFrame>
          <DetailSectionFrame id="compare">
            <Hideable id="compare">
              <ComparePanel />
            </Hideable>
            <Hideable id="grouping">
              <GroupingPanel />
            </Hideable>
            <Hideable id="sweep">
              <SweepPanel />
            </Hideable>
          </DetailSectionFrame>
          <DetailSectionFrame id="share">
            <Hideable id="share">
              <SharePanel />
            </Hideable>
            <Hideable id="export">
              <ExportPanel />
            </Hideable>
            <Hideable id="saved">
              <SavedExperimentControl />
            </Hideable>
          </DetailSectionFrame>
        </div>
      </main>
    </div>
  );
}
