/**
 * MMoEEx's expert diversity (reference seed-systems §2 "What to show"): the distances between the
 * experts' outputs on the same test rows, divided by the largest, and the diversity score (their
 * mean) over training. Experts that compute the same thing have distance 0. MMoE, CGC and PLE.
 * Beside it, the matrix at initialisation: exclusivity changes only the gates, so with the same
 * seed an MMoE (p = 0) starts from exactly these experts, and this is where both runs start
 * (diversity.test.ts checks it). Training a companion MMoE beside the run would double the worker's
 * work, so the lab shows the shared start and the run's path from it; compare runs trains the MMoE.
 * Both maps share one colour scale (divided by the larger maximum), so they compare cell by cell.
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
  const atStart = useRunStore((s) => s.latest?.diversityAtStart ?? null);
  const step = useRunStore((s) => s.latest?.testStep ?? NaN);
  const history = useMicroscopeStore((s) => s.history.diversity.points);
  const ref = useRef<HTMLDivElement>(null);
  if (!diversity) return null;
  const start = atStart?.experts.length === diversity.experts.length ? atStart : null;
  const max = Math.max(1e-12, ...diversity.matrix.flat(), ...(start?.matrix.flat() ?? []));
  const normalized = (m: number[][]) => m.map((row) => row.map((v) => v / max));
  return (
    <section className="micro-card" aria-labelledby="diversity-title" data-testid="diversity-view">
      <h3 id="diversity-title">Expert diversity</h3>
      <p className="micro-note">
        Distance between every two experts’ outputs on the first test rows, divided by the largest (
        {fmt(max, 3)}). Diversity score (mean of the map over its own largest):{' '}
        <strong data-testid="diversity-score">{fmt(diversity.score, 3)}</strong>
        {start && <> now, {fmt(start.score, 3)} at initialisation</>}. With MMoEEx exclusivity,
        experts seen by different tasks tend to drift apart.
        {start &&
          ' At initialisation the map is also plain MMoE’s with this seed: exclusivity changes only the gates, so both start from the same experts.'}
      </p>
      <div ref={ref}>
        <div className="diversity-pair">
          {start && (
            <DistanceMap
              caption="At initialisation (MMoE and MMoEEx alike)"
              matrix={normalized(start.matrix)}
              experts={start.experts}
              label="Expert output distance at initialisation / largest"
              testId="diversity-heatmap-start"
            />
          )}
          <DistanceMap
            caption={`This run, step ${Number.isFinite(step) ? step : '–'}`}
            matrix={normalized(diversity.matrix)}
            experts={diversity.experts}
            label="Expert output distance / largest"
            testId="diversity-heatmap"
          />
        </div>
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

/** One expert-distance map (already divided by the shared largest distance) with its caption. */
function DistanceMap(props: {
  caption: string;
  matrix: number[][];
  experts: string[];
  label: string;
  testId: string;
}) {
  return (
    <figure>
      <figcaption>{props.caption}</figcaption>
      <Heatmap
        matrix={props.matrix}
        rowLabels={props.experts}
        colLabels={props.experts}
        label={props.label}
        domain={[0, 1]}
        sequential
        interpolator={interpolateShare}
        format={(v) => fmt(v, 2)}
        testId={props.testId}
      />
    </figure>
  );
}
