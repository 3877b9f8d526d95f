import { useConfigStore } from '../../state/configStore';
import { RangeField } from '../fields/RangeField';
import { useLab } from '../LabContext';

/**
 * The first screen's DATA column (issue 18 §5): the one data slider that matters most, task
 * similarity ρ (the tasks' statistics follow in DataSummaryView). The rest is in the Data studio.
 */
export function TaskSimilarityCard() {
  const lab = useLab();
  const rho = useConfigStore((state) => state.draft.data.rho);
  return (
    <section className="panel similarity-card" aria-labelledby="similarity-card-title">
      <h2 id="similarity-card-title">Tasks and similarity</h2>
      <RangeField
        label="Task similarity ρ"
        path="data.rho"
        value={rho}
        min={-1}
        max={1}
        step={0.05}
        format={(value) => value.toFixed(2)}
        hint="Cosine similarity between the tasks' true weight vectors: 1 = same task, 0 = unrelated, negative = opposed. Sets every pair to ρ."
        onChange={(value) => lab.edit({ data: { rho: value, correlation: null } })}
      />
    </section>
  );
}
