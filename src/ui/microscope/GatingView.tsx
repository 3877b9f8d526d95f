/**
 * How gated architectures divide the work: mean gate weight per task x expert (test split), its
 * evolution for one task, and expert-utilisation entropy; MultiTab-Net's task-to-feature attention.
 */
import { useId, useRef, useState } from 'react';
import { useConfigStore } from '../../state/configStore';
import { useMicroscopeStore } from '../../state/microscopeStore';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { interpolateShare } from '../charts/colorScales';
import { Heatmap } from '../charts/Heatmap';
import { taskColor } from '../charts/palette';
import { StripChart } from '../charts/StripChart';
import { gateOpenCells, getArchitecture } from '../../core/model/registry';
import { expertUsage, normalizedEntropy } from './gating';
import { fmt, labelsFor, useTaskNames } from './useLabInfo';

export function GatingView() {
  const gates = useRunStore((state) => state.latest?.gates ?? null);
  const attention = useRunStore((state) => state.latest?.attention ?? null);
  const architecture = useConfigStore((state) => state.config.model.architecture);
  const model = useConfigStore((state) => state.config.model);
  const history = useMicroscopeStore((state) => state.history.gates.points);
  const taskNames = useTaskNames();
  const [task, setTask] = useState(0);
  const selectId = useId();
  const mapRef = useRef<HTMLDivElement>(null);
  const stripRef = useRef<HTMLDivElement>(null);
  if (!gates && !attention) return null;
  const names = labelsFor(taskNames, (attention ?? gates ?? []).length);
  if (attention) {
    const features = attention[0]?.map((_, d) => `x${d + 1}`) ?? [];
    return (
      <section className="micro-card" aria-labelledby="attention-title">
        <h3 id="attention-title">Attention from task tokens to features</h3>
        <p className="micro-note">
          Mean attention of each task token to each feature token on the test split (the rest goes
          to the task tokens themselves).
        </p>
        <div ref={mapRef}>
          <Heatmap
            matrix={attention}
            rowLabels={names}
            colLabels={features}
            label="Attention, task x feature"
            domain={[0, Math.max(1e-6, ...attention.flat())]}
            sequential
            interpolator={interpolateShare}
            testId="attention-heatmap"
            describeCell={(r, c, v) => `${r} attends to ${c}: ${v}`}
          />
        </div>
        <ChartExport target={mapRef} name="attention" />
      </section>
    );
  }
  const matrix = gates ?? [];
  const E = matrix[0]?.length ?? 0;
  const experts = Array.from({ length: E }, (_, e) => `expert ${e + 1}`);
  const usage = expertUsage(matrix);
  // MMoEEx: cells its gate may not use, hatched (their weight is exactly 0 with the mask).
  const open = gateOpenCells(architecture, model, matrix.length);
  const closed = open?.map((row) => row.map((v) => v === 0));
  const selected = Math.min(task, names.length - 1);
  const strip = history.map((p) => ({
    step: p.step,
    values: p.values.slice(selected * E, selected * E + E),
  }));
  return (
    <section className="micro-card" aria-labelledby="gates-title">
      <h3 id="gates-title">Expert gates ({getArchitecture(architecture).label})</h3>
      <p className="micro-note">
        Mean gate weight each task gives each expert on the test split; every row sums to 1.
        {getArchitecture(architecture).uses.includes('taskExperts') &&
          ' Columns list the experts each gate sees (its own experts first, then the shared ones).'}
        {closed &&
          ` Hatched cells are closed by MMoEEx ${model.exclusivity} (p = ${model.exclusivityFraction}, ${model.exclusivityGate === 'mask' ? 'weight exactly 0' : 'logit pinned to 0, as in the official code'}).`}
      </p>
      <div className="micro-row">
        <div ref={mapRef} className="micro-figure">
          <Heatmap
            matrix={matrix}
            rowLabels={names}
            colLabels={experts}
            label="Gate weight, task x expert"
            domain={[0, 1]}
            sequential
            interpolator={interpolateShare}
            focusableCells={matrix.length * E <= 64}
            testId="gate-heatmap"
            hatched={closed}
            describeCell={(r, c, v) => `${r} → ${c}: ${v}`}
          />
          <ChartExport target={mapRef} name="gates" />
        </div>
        <table className="stats-table micro-stats" data-testid="gate-entropy">
          <caption>
            Expert-utilisation entropy (1 = all experts used evenly, 0 = one expert)
          </caption>
          <tbody>
            {matrix.map((row, t) => (
              <tr key={names[t]}>
                <th scope="row">{names[t]}</th>
                <td>{fmt(normalizedEntropy(row), 2)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">all tasks (mean gate)</th>
              <td>{fmt(normalizedEntropy(usage), 2)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div ref={stripRef} className="micro-figure-wide">
        <div className="chart-options">
          <label htmlFor={selectId}>Gate evolution of</label>
          <select id={selectId} value={selected} onChange={(e) => setTask(Number(e.target.value))}>
            {names.map((n, t) => (
              <option key={n} value={t}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <StripChart
          points={strip}
          series={experts.map((label, e) => ({ label, color: taskColor(e) }))}
          domain={[0, 1]}
          yLabel="gate weight"
          label={`Gate weights of ${names[selected]} against training step`}
          format={(v) => fmt(v, 3)}
          testId="gate-strip"
        />
        <ChartExport target={stripRef} name="gate-history" />
      </div>
    </section>
  );
}
