/**
 * Gradient conflict (mtl-methods §5.3): the T x T cosine matrix of the task gradients on the shared
 * parameters, its history per pair, the conflict rate, gradient-norm ratios and the condition
 * number of the Gram matrix (what Aligned-MTL drives to 1).
 */
import { useRef } from 'react';
import { CONFLICT_RATE_DEFINITION, taskPairs } from '../../state/microscopeHistory';
import { useMicroscopeStore } from '../../state/microscopeStore';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { ColorLegend } from '../charts/ColorLegend';
import { interpolateBlueOrange } from '../charts/colorScales';
import { Heatmap } from '../charts/Heatmap';
import { taskColor } from '../charts/palette';
import { StripChart } from '../charts/StripChart';
import { fmt, labelsFor, useMethod, useTaskNames } from './useLabInfo';
import { CONFLICT_EVERY } from '../../core/train/conflict';

export function ConflictView() {
  const conflict = useRunStore((state) => state.latest?.conflict ?? null);
  const cosines = useMicroscopeStore((state) => state.history.cosines.points);
  const rates = useMicroscopeStore((state) => state.history.conflictRate.points);
  const ema = useMicroscopeStore((state) => state.history.rateEma);
  const taskNames = useTaskNames();
  const method = useMethod();
  const mapRef = useRef<HTMLDivElement>(null);
  const stripRef = useRef<HTMLDivElement>(null);
  const names = labelsFor(taskNames, conflict?.cosine.length ?? taskNames.length);
  const pairs = taskPairs(names.length);
  const pairSeries = pairs.map(([i, j], k) => ({
    label: `${names[i]}·${names[j]}`,
    color: taskColor(k),
  }));
  const source =
    method?.needs.grads === 'none'
      ? `${method.label} computes no task gradients; they are probed every ${CONFLICT_EVERY} steps while training, and after every Step while paused.`
      : 'Measured at every step from the Gram matrix the method uses.';
  const minNorm = conflict ? Math.min(...conflict.norms.filter((n) => n > 0)) : NaN;
  return (
    <section className="micro-card" aria-labelledby="conflict-title">
      <h3 id="conflict-title">Gradient conflict</h3>
      <p className="micro-note">
        Cosine between task gradients on the shared parameters (−1 opposed, 0 orthogonal, +1
        aligned). {source}
        {conflict && ` Last measured at step ${conflict.step}.`}
      </p>
      <div className="micro-row">
        <div ref={mapRef} className="micro-figure">
          {conflict ? (
            <Heatmap
              matrix={conflict.cosine}
              rowLabels={names}
              colLabels={names}
              label="Cosine of task gradients"
              domain={[-1, 1]}
              interpolator={interpolateBlueOrange}
              focusableCells
              testId="conflict-heatmap"
              describeCell={(r, c, v) => `cos(${r}, ${c}) = ${v}`}
            />
          ) : (
            <p className="micro-empty">Train a few steps to measure the task gradients.</p>
          )}
          <ColorLegend
            interpolator={interpolateBlueOrange}
            domain={[-1, 1]}
            labels={['−1 opposed', '0', '+1 aligned']}
            title="Cosine colour scale"
          />
          <ChartExport target={mapRef} name="conflict-cosines" />
        </div>
        {conflict && (
          <table className="stats-table micro-stats" data-testid="conflict-stats">
            <caption className="visually-hidden">Conflict statistics</caption>
            <tbody>
              <tr>
                <th scope="row">Conflict rate now</th>
                <td>{fmt(conflict.conflictRate, 2)}</td>
              </tr>
              <tr>
                <th scope="row">Conflict rate (EMA)</th>
                <td data-testid="conflict-rate-ema">{fmt(ema ?? NaN, 2)}</td>
              </tr>
              <tr>
                <th scope="row" title="σmax/σmin of the task Jacobian = √(λmax/λmin) of G">
                  Condition number κ
                </th>
                <td>{fmt(conflict.conditionNumber, 2)}</td>
              </tr>
              {conflict.norms.map((n, t) => (
                <tr key={names[t]}>
                  <th scope="row">‖g‖ {names[t]}</th>
                  <td>
                    {n.toPrecision(3)} <span className="micro-muted">×{fmt(n / minNorm, 2)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <details className="micro-details">
        <summary>Definitions</summary>
        <p>{CONFLICT_RATE_DEFINITION}</p>
        <p>
          Norm ratio: each task’s gradient norm divided by the smallest one. Condition number κ of
          the Gram matrix G = J Jᵀ: √(λmax/λmin), 1 when the task gradients are orthogonal and of
          equal length (Aligned-MTL’s target), ∞ when they are linearly dependent.
        </p>
      </details>
      <div ref={stripRef} className="micro-figure-wide">
        <h4>Pair cosines over training</h4>
        <StripChart
          points={cosines}
          series={pairSeries}
          domain={[-1, 1]}
          yLabel="cosine"
          label="Cosine of each task pair against training step"
          format={(v) => fmt(v, 3)}
          testId="conflict-strip"
        />
        <ChartExport target={stripRef} name="conflict-history" />
      </div>
      <div className="visually-hidden" aria-live="off">
        {rates.length} conflict measurements recorded.
      </div>
    </section>
  );
}
