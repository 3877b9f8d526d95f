/**
 * IGB (reference seed-systems §1 "What to show"): per task the improvable gap ℓ_i/ℓ_base,i beside
 * the weight w_i it earns on the log-loss and the effective raw-loss weight w_i/ℓ_i. The lagging
 * task (gap near 1) gains weight. Shown whenever the method or the loss transform is IGBv1 or IGBv2;
 * for IGBv2 a line says whether the weights are still the random warm-up or the agent's, with the
 * agent's entropy coefficient α, its stored transitions, updates and last reward.
 */
import { useRef } from 'react';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { GroupedBars } from '../charts/GroupedBars';
import { OKABE_ITO } from '../charts/palette';
import { fmt, labelsFor, useTaskNames } from './useLabInfo';

export function ImprovableGapView() {
  const state = useRunStore((s) => s.latest?.methodState ?? null);
  const taskNames = useTaskNames();
  const ref = useRef<HTMLDivElement>(null);
  const weights = state?.igbWeights;
  if (!state || !weights) return null;
  const names = labelsFor(taskNames, weights.length);
  const gap = state.igbGap ?? [];
  return (
    <section className="micro-card" aria-labelledby="igb-title" data-testid="igb-view">
      <h3 id="igb-title">Improvable gaps (IGB)</h3>
      <p className="micro-note">
        {gap.length === 0
          ? 'The base losses are not set yet (they are the mean training losses of the base epoch): until then every log-loss has weight 1.'
          : 'Gap = current loss / base loss; near 1 means the task has barely improved. Weights are T·softmax(gap) on the log-losses; the effective weight on the raw loss is w/ℓ.'}
      </p>
      {state.igbAgent && <AgentLine state={state} />}
      <div ref={ref}>
        <GroupedBars
          rows={names}
          series={[
            {
              label: 'gap ℓ/ℓ_base',
              color: OKABE_ITO[4],
              values: gap.length ? gap : names.map(() => NaN),
            },
            { label: 'weight w on log ℓ', color: OKABE_ITO[0], values: weights },
            {
              label: 'effective weight w/ℓ',
              color: OKABE_ITO[2],
              values: state.igbEffectiveWeights ?? [],
            },
          ]}
          reference={1}
          label={`IGB improvable gaps and weights: ${names
            .map((n, t) => `${n} gap ${fmt(gap[t] ?? NaN, 3)}, weight ${fmt(weights[t], 3)}`)
            .join('; ')}`}
          format={(v) => fmt(v, 3)}
          testId="igb-bars"
        />
      </div>
      <ChartExport target={ref} name="igb-gaps" />
    </section>
  );
}

/** IGBv2's soft actor-critic at a glance (igbv2.ts state keys). */
function AgentLine({ state }: { state: Record<string, number[]> }) {
  const acting = state.igbAgent[0] === 1;
  const reward = state.igbReward?.[0];
  return (
    <p className="micro-note" data-testid="igb-agent">
      {acting
        ? 'IGBv2: the SAC agent sets the weights from the batch losses. '
        : 'IGBv2: random warm-up (RLW weights) while the agent collects transitions. '}
      α = {fmt(state.igbAlpha?.[0] ?? NaN, 3)}, {state.igbBuffer?.[0] ?? 0} transitions,{' '}
      {state.igbSacUpdates?.[0] ?? 0} updates
      {reward === undefined ? '' : `, last reward ${fmt(reward, 4)}`}.
    </p>
  );
}
