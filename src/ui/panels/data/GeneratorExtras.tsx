import { useConfigStore } from '../../../state/configStore';
import { NumberField } from '../../fields/NumberField';
import { RangeField } from '../../fields/RangeField';
import { useLab } from '../../LabContext';

/** Global imbalance settings of the generator: pure-noise columns and correlated features. */
export function GeneratorExtras() {
  const lab = useLab();
  const irrelevant = useConfigStore((state) => state.draft.data.irrelevantFeatures);
  const correlation = useConfigStore((state) => state.draft.data.featureCorrelation);
  return (
    <div className="generator-extras">
      <NumberField
        label="Irrelevant features"
        path="data.irrelevantFeatures"
        value={irrelevant}
        min={0}
        max={256}
        step={1}
        hint="Pure-noise columns added after the D informative ones."
        onChange={(irrelevantFeatures) => lab.edit({ data: { irrelevantFeatures } })}
      />
      <RangeField
        label="Feature correlation"
        path="data.featureCorrelation"
        value={correlation}
        min={0}
        max={0.95}
        step={0.05}
        format={(value) => value.toFixed(2)}
        hint="Correlation between every pair of input columns (0 = independent)."
        onChange={(featureCorrelation) => lab.edit({ data: { featureCorrelation } })}
      />
    </div>
  );
}
