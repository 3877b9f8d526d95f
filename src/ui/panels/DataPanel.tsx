import { LIMITS } from '../../core/config/schema';
import { useConfigStore } from '../../state/configStore';
import { NumberField } from '../fields/NumberField';
import { useLab } from '../LabContext';
import { TaskSettingsTable } from './TaskSettingsTable';
import { CorrelationEditor } from './data/CorrelationEditor';
import { GeneratorExtras } from './data/GeneratorExtras';
import { TaskKindsTable } from './data/TaskKindsTable';

/**
 * Synthetic data controls; any change regenerates the data and restarts the run. The ρ slider
 * lives on the first screen (TaskSimilarityCard), beside the network, not here.
 */
export function DataPanel() {
  const lab = useLab();
  const data = useConfigStore((state) => state.draft.data);
  return (
    <section className="panel" aria-labelledby="data-panel-title">
      <h2 id="data-panel-title">Data</h2>
      <div className="field-grid">
        <NumberField
          label="Tasks (T)"
          path="data.tasks"
          value={data.tasks}
          min={LIMITS.tasks.min}
          max={LIMITS.tasks.max}
          step={1}
          onChange={(tasks) => lab.edit({ data: { tasks } })}
        />
        <NumberField
          label="Features (D)"
          path="data.features"
          value={data.features}
          min={LIMITS.features.min}
          max={LIMITS.features.max}
          step={1}
          onChange={(features) => lab.edit({ data: { features } })}
        />
        <NumberField
          label="Samples (N)"
          path="data.samples"
          value={data.samples}
          min={LIMITS.samples.min}
          max={LIMITS.samples.max}
          step={100}
          onChange={(samples) => lab.edit({ data: { samples } })}
        />
        <NumberField
          label="Data seed"
          path="data.seed"
          value={data.seed}
          min={0}
          step={1}
          onChange={(seed) => lab.edit({ data: { seed } })}
        />
      </div>
      <CorrelationEditor />
      <TaskSettingsTable />
      <TaskKindsTable />
      <GeneratorExtras />
    </section>
  );
}
