/**
 * Flat-region SAM (reference seed-systems §3 "What to show"): per task the norm of the loss
 * gradient g_i and of the flatness gradient h_i = g_i^SAM − g_i on the shared parameters, the
 * sharpness ℓ_i(θ+ε_i) − ℓ_i(θ), and the cosines between the flatness gradients: flatness
 * gradients can conflict even where the loss gradients agree. Shown when the procedure is SAM.
 */
import { useRef } from 'react';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { GroupedBars } from '../charts/GroupedBars';
import { Heatmap } from '../charts/Heatmap';
import { OKABE_ITO } from '../charts/palette';
import { fmt, labelsFor, useTaskNames } from './useLabInfo';

export function FlatnessView() {
  const state = useRunStore((s) => s.latest?.methodState ?? null);
  const taskNames = useTaskNames();
  const ref = useRef<HTMLDivElement>(null);
  const loss = state?.samLossGradNorm;
  if (!state || !loss) return null;
  const T = loss.length;
  const names = labelsFor(taskNames, T);
  const flat = state.samFlatGradNorm ?? [];
  const sharp = state.samSharpness ?? [];
  const cos = state.samFlatCos ?? [];
  const matrix = Array.from({ length: T }, (_, i) => cos.slice(i * T, (i + 1) * T));
  return (
    <section className="micro-card" aria-labelledby="sam-title" data-testid="sam-view">
      <h3 id="sam-title">Flat regions (SAM)</h3>
      <p className="micro-note">
        Last step, shared parameters: ‖g‖ is each task’s loss gradient, ‖h‖ its flatness gradient
        (gradient at its own perturbed point minus ‖g‖’s), sharpness the loss rise at that point.
        The method balances g and h separately; the map shows whether the tasks’ flatness gradients
        pull the same way.
      </p>
      <div ref={ref}>
        <GroupedBars
          rows={names}
          series={[
            { label: 'loss gradient ‖g‖', color: OKABE_ITO[0], values: loss },
            { label: 'flatness gradient ‖h‖', color: OKABE_ITO[4], values: flat },
            { label: 'sharpness ℓ(θ+ε) − ℓ(θ)', color: OKABE_ITO[2], values: sharp },
          ]}
          label={`SAM gradient norms: ${names
            .map((n, t) => `${n} ‖g‖ ${fmt(loss[t], 3)}, ‖h‖ ${fmt(flat[t] ?? NaN, 3)}`)
            .join('; ')}`}
          format={(v) => fmt(v, 3)}
          testId="sam-bars"
        />
        <Heatmap
          matrix={matrix}
          rowLabels={names}
          colLabels={names}
          label="Cosine between flatness gradients h_i, h_j"
          domain={[-1, 1]}
          format={(v) => fmt(v, 2)}
          testId="sam-cosine"
          focusableCells
        />
      </div>
      <ChartExport target={ref} name="sam-flatness" />
    </section>
  );
}
