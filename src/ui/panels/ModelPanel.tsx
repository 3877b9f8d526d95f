import { LIMITS } from '../../core/config/schema';
import { useConfigStore } from '../../state/configStore';
import { NumberField } from '../fields/NumberField';
import { NumberListField } from '../fields/NumberListField';
import { useLab } from '../LabContext';

/** Network and optimiser controls; a change restarts the run on the same data. */
export function ModelPanel() {
  const lab = useLab();
  const hidden = useConfigStore((state) => state.draft.model.hidden);
  const learningRate = useConfigStore((state) => state.draft.train.learningRate);
  const batchSize = useConfigStore((state) => state.draft.train.batchSize);
  return (
    <section className="panel" aria-labelledby="model-panel-title">
      <h2 id="model-panel-title">Model</h2>
      <NumberListField
        label="Shared hidden layers"
        path="model.hidden"
        values={hidden}
        hint="Units per layer, comma-separated (1 to 4 layers)."
        onChange={(sizes) => lab.edit({ model: { hidden: sizes } })}
      />
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
