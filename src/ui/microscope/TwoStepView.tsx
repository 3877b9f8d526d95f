/**
 * MMoEEx's two-step FOMAML (reference seed-systems §2 "What to show"): per task the loss on the
 * inner split at θ, the loss on the held-back outer split after the task's own inner step, and the
 * LBTW weight λ (1 without LBTW). Shown when the training procedure is FOMAML.
 */
import { useRef } from 'react';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { GroupedBars } from '../charts/GroupedBars';
import { OKABE_ITO } from '../charts/palette';
import { fmt, labelsFor, useTaskNames } from './useLabInfo';

export function TwoStepView() {
  const state = useRunStore((s) => s.latest?.methodState ?? null);
  const share = useConfigStore((s) => s.config.train.methodOptions.maml_split);
  const taskNames = useTaskNames();
  const ref = useRef<HTMLDivElement>(null);
  const lambda = state?.mamlLossWeights;
  if (!state || !lambda) return null;
  const names = labelsFor(taskNames, lambda.length);
  const inner = state.mamlInnerLoss ?? [];
  const outer = state.mamlOuterLoss ?? [];
  const percent = Math.round(100 * (typeof share === 'number' ? share : 0.8));
  return (
    <section className="micro-card" aria-labelledby="maml-title" data-testid="maml-view">
      <h3 id="maml-title">Two-step balancing (FOMAML)</h3>
      <p className="micro-note">
        Each batch: the first {percent}% of rows take every task’s own inner step, the other{' '}
        {100 - percent}% score it. A task whose outer loss stays above its inner loss generalises
        its own step poorly; λ is the LBTW weight.
      </p>
      <div ref={ref}>
        <GroupedBars
          rows={names}
          series={[
            { label: 'inner-split loss at θ', color: OKABE_ITO[0], values: inner },
            { label: 'outer-split loss after the inner step', color: OKABE_ITO[4], values: outer },
            { label: 'LBTW weight λ', color: OKABE_ITO[2], values: lambda },
          ]}
          label={`FOMAML losses: ${names
            .map(
              (n, t) => `${n} inner ${fmt(inner[t] ?? NaN, 3)}, outer ${fmt(outer[t] ?? NaN, 3)}`,
            )
            .join('; ')}`}
          format={(v) => fmt(v, 3)}
          testId="maml-bars"
        />
      </div>
      <ChartExport target={ref} name="fomaml-losses" />
    </section>
  );
}
