/**
 * What the method decided, in the plane (T = 2) or 3-D space (T = 3, projected) spanned by the
 * task gradients: each g_i, their plain sum, and the update d = Σ w_i g_i the method applied.
 * Rebuilt from the snapshot's cosines, norms and weights (geometry.ts); drawn to one scale.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { taskColor } from '../charts/palette';
import { decisionGeometry, norm, project, type Vector, type View } from './geometry';
import { fmt, labelsFor, useMethod, useTaskNames } from './useLabInfo';

const SIZE = 280;
const UPDATE_COLOR = '#1b2430';
const SUM_COLOR = '#8a94a3';

function Arrow({
  to,
  color,
  dash,
  width = 2.5,
}: {
  to: [number, number];
  color: string;
  dash?: string;
  width?: number;
}) {
  const [x, y] = to;
  const length = Math.hypot(x, y);
  if (length < 1e-6) return <circle cx={0} cy={0} r={3} fill={color} />;
  const ux = x / length;
  const uy = y / length;
  const head = Math.min(10, length * 0.4);
  const points = `${x},${y} ${x - head * ux - head * 0.5 * uy},${y - head * uy + head * 0.5 * ux} ${x - head * ux + head * 0.5 * uy},${y - head * uy - head * 0.5 * ux}`;
  return (
    <g>
      <line
        x1={0}
        y1={0}
        x2={x - head * ux * 0.8}
        y2={y - head * uy * 0.8}
        stroke={color}
        strokeWidth={width}
        strokeDasharray={dash}
      />
      <polygon points={points} fill={color} />
    </g>
  );
}

export function DecisionView() {
  const conflict = useRunStore((state) => state.latest?.conflict ?? null);
  const weights = useRunStore((state) => state.latest?.methodWeights ?? null);
  const taskNames = useTaskNames();
  const method = useMethod();
  const [view, setView] = useState<View>({ azimuth: 0.6, elevation: 0.45 });
  const ref = useRef<HTMLDivElement>(null);
  const T = conflict?.cosine.length ?? taskNames.length;
  const names = labelsFor(taskNames, T);
  const geometry = useMemo(
    () => (conflict && T <= 3 ? decisionGeometry(conflict.cosine, conflict.norms, weights) : null),
    [conflict, weights, T],
  );
  if (T > 3) {
    return null;
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 0.3 : 0.1;
    const moves: Record<string, Partial<View>> = {
      ArrowLeft: { azimuth: view.azimuth - step },
      ArrowRight: { azimuth: view.azimuth + step },
      ArrowUp: { elevation: Math.min(1.5, view.elevation + step) },
      ArrowDown: { elevation: Math.max(-1.5, view.elevation - step) },
    };
    if (T === 3 && event.key in moves) {
      event.preventDefault();
      setView({ ...view, ...moves[event.key] });
    }
  };
  const vectors: { label: string; v: Vector; color: string; dash?: string; width?: number }[] =
    geometry
      ? [
          ...geometry.tasks.map((v, t) => ({ label: `g ${names[t]}`, v, color: taskColor(t) })),
          { label: 'plain sum Σ g', v: geometry.sum, color: SUM_COLOR, dash: '5 4', width: 2 },
          ...(geometry.update
            ? [{ label: 'update d', v: geometry.update, color: UPDATE_COLOR, width: 3.5 }]
            : []),
        ]
      : [];
  const longest = Math.max(1e-12, ...vectors.map((a) => norm(a.v)));
  const scale = (SIZE / 2 - 18) / longest;
  const toScreen = (v: Vector): [number, number] => {
    const [x, y] = project(v, view);
    return [x * scale, -y * scale];
  };
  const hull = geometry ? geometry.tasks.map((v) => toScreen(v).join(',')).join(' ') : '';
  const weighted = method ? method.family : '';
  const noWeights = geometry && !geometry.update;
  const summary = geometry
    ? `Task gradients ${geometry.tasks.map((g, t) => `${names[t]} length ${norm(g).toPrecision(3)}`).join(', ')}; ` +
      (geometry.update
        ? `update length ${norm(geometry.update).toPrecision(3)}, cosine with the plain sum ${fmt(geometry.cosUpdateMean)}, cosine with each task ${geometry.cosUpdateTask.map((c) => fmt(c)).join(', ')}.`
        : 'the method returned a direction, not weights; only the gradients and their sum are drawn.')
    : 'No gradients measured yet.';
  return (
    <section className="micro-card" aria-labelledby="decision-title">
      <h3 id="decision-title">What {method?.label ?? 'the method'} chose</h3>
      <p className="micro-note">
        Task gradients, their plain sum (dashed) and the update the method applied (black), drawn to
        one scale in the {T === 3 ? '3-D space (drag with the arrow keys to turn it)' : 'plane'}{' '}
        they span; the shaded
        {T === 3 ? ' triangle' : ' segment'} holds their convex combinations (MGDA picks its
        min-norm point).
      </p>
      {noWeights && (
        <p className="micro-note micro-warning">
          {method?.label ?? 'This method'} returns an explicit update direction rather than weights
          on the task gradients, so its update cannot be placed in this picture; the gradients and
          their sum are.
        </p>
      )}
      {weighted === 'loss' && (
        <p className="micro-note">
          For loss-weighting methods the update is Σ w_i g_i with the loss weights; gradients come
          from the latest probe.
        </p>
      )}
      <div
        ref={ref}
        className="decision-figure"
        tabIndex={0}
        role="img"
        aria-label={summary}
        onKeyDown={onKeyDown}
        data-testid="decision-view"
      >
        <svg
          width={SIZE}
          height={SIZE}
          viewBox={`${-SIZE / 2} ${-SIZE / 2} ${SIZE} ${SIZE}`}
          data-export
          aria-hidden="true"
        >
          <line x1={-SIZE / 2} x2={SIZE / 2} y1={0} y2={0} stroke="#e7ebf0" />
          <line y1={-SIZE / 2} y2={SIZE / 2} x1={0} x2={0} stroke="#e7ebf0" />
          {geometry && T >= 2 && (
            <polygon
              points={hull}
              fill="#1f5fa8"
              fillOpacity={0.08}
              stroke="#1f5fa8"
              strokeOpacity={0.3}
            />
          )}
          {vectors.map((a) => (
            <Arrow key={a.label} to={toScreen(a.v)} color={a.color} dash={a.dash} width={a.width} />
          ))}
        </svg>
        <ul className="chart-legend decision-legend">
          {vectors.map((a) => (
            <li key={a.label}>
              <span className="swatch" style={{ background: a.color }} aria-hidden="true" />
              {a.label} ({norm(a.v).toPrecision(3)})
            </li>
          ))}
        </ul>
      </div>
      {geometry?.update && (
        <p className="micro-note" data-testid="decision-readout">
          weights w = [{(weights ?? []).map((w) => fmt(w)).join(', ')}]; cos(d, Σg) ={' '}
          {fmt(geometry.cosUpdateMean)}; cos(g_i, d) = [
          {geometry.cosUpdateTask.map((c) => fmt(c)).join(', ')}]
          {geometry.cosUpdateTask.every((c) => c >= 0)
            ? ' — the update conflicts with no task.'
            : ' — the update works against some task.'}
        </p>
      )}
      <ChartExport target={ref} name="method-decision" />
    </section>
  );
}
