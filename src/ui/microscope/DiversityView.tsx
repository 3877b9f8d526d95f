/**
 * MMoEEx's expert diversity (reference seed-systems §2 "What to show"): the distances between the
 * experts' outputs on the same test rows, divided by the largest, and the diversity score (their
 * mean) over training. Experts that compute the same thing have distance 0. MMoE, CGC and PLE.
 * A same-initialisation MMoE beside it would need a second run: compare runs for that.
 */
import { useRef } from 'react';
import { useMicroscopeStore } from '../../state/microscopeStore';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { interpolateShare } from '../charts/colorScales';
import { Heatmap } from '../charts/Heatmap';
import { OKABE_ITO } from '../charts/palette';
import { StripChart } from '../charts/StripChart';
import { fmt } from './useLabInfo';

export function DiversityView() {
  const diversity = useRunStore((s) => s.latest?.diversity ?? null);
  const history = useMicroscopeStore((s) => s.history.diversity.points);
  const ref = useRef<HTMLDivElement>(null);
  if (!diversity) return null;
  const max = Math.max(1e-12, ...diversity.matrix.flat());
  const normalized = diversity.matrix.map((row) => row.map((v) => v / max));
  return (
    <section className="micro-card" aria-labelledby="diversity-title" data-testid="diversity-view">
      <h3 id="diversity-title">Expert diversity</h3>
      <p className="micro-note">
        Distance between every two experts’ outputs on the first test rows, divided by the largest (
        {fmt(max, 3)}). Diversity score (mean of this map):{' '}
        <strong data-testid="diversity-score">{fmt(diversity.score, 3)}</strong>. With MMoEEx
        exclusivity, experts seen by different tasks tend to drift apart.
      </p>
      <div ref={ref}>
        <Heatmap
          matrix={normalized}
          rowLabels={diversity.experts}
          colLabels={diversity.experts}
          label="Expert output distance / largest"
          domain={[0, 1]}
          sequential
          interpolator={interpolateShare}
          format={(v) => fmt(v, 2)}
          testId="diversity-heatmap"
        />
        <StripChart
          points={history}
          series={[{ label: 'diversity score', color: OKABE_ITO[0] }]}
          domain={[0, 1]}
          yLabel="score"
          label="Expert diversity score against training step"
          format={(v) => fmt(v, 3)}
          testId="diversity-strip"
        />
      </div>
      <ChartExport target={ref} name="expert-diversity" />
    </section>
  );
}
