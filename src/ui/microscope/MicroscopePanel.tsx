/** The MTL microscope: conflict, the method's decision and weights, gates, and results. */
import { CalibrationView } from './CalibrationView';
import { ConflictView } from './ConflictView';
import { DecisionView } from './DecisionView';
import { DiversityView } from './DiversityView';
import { FlatnessView } from './FlatnessView';
import { TwoStepView } from './TwoStepView';
import { GatingView } from './GatingView';
import { RoutingView } from './RoutingView';
import { ImprovableGapView } from './ImprovableGapView';
import { MethodWeightsView } from './MethodWeightsView';
import { ParetoView } from './ParetoView';
import { ResultsView } from './ResultsView';
import './microscope.css';

export function MicroscopePanel() {
  return (
    <section
      className="panel microscope"
      aria-labelledby="microscope-title"
      data-testid="microscope"
    >
      <h2 id="microscope-title">Microscope</h2>
      <div className="micro-grid">
        <ConflictView />
        <DecisionView />
        <MethodWeightsView />
        <ImprovableGapView />
        <FlatnessView />
        <CalibrationView />
        <TwoStepView />
        <GatingView />
        <RoutingView />
        <DiversityView />
        <ResultsView />
        <ParetoView />
      </div>
    </section>
  );
}
