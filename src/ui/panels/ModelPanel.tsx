import { LIMITS } from '../../core/config/schema';
import { useConfigStore } from '../../state/configStore';
import { NumberField } from '../fields/NumberField';
import { useLab } from '../LabContext';
import { ArchitecturePicker } from './model/ArchitecturePicker';
import { MethodPicker } from './model/MethodPicker';

/** Architecture, balancing method and optimiser controls; a change restarts the run on the same data. */
export function ModelPanel() {
  const lab = useLab();
  const learningRate = useConfigStore((state) => state.draft.train.learningRate);
  const batchSize = useConfigStore((state) => state.draft.train.batchSize);
  return (
    <section className="panel" aria-labelledby="model-panel-title">
      <h2 id="model-panel-title">Model</h2>
      <ArchitecturePicker />
      <MethodPicker />
      <div className="field-grid">
        <NumberField
          label="Learning rate"
          path="train.learningRate"
          value={learningRate}
          min={LIMITS.learningRate.min}
          max={LIMITS.learningRate.max}
          step="any"
          onChange={(rate) => lab.edit({ train: { learningRate: rate } })}
        />
        <NumberField
          label="Batch size"
          path="train.batchSize"
          value={batchSize}
          min={LIMITS.batchSize.min}
          max={LIMITS.batchSize.max}
          step={1}
          onChange={(size) => lab.edit({ train: { batchSize: size } })}
        />
      </div>
    </section>
  );
}
