/**
 * Sweeps: one or two config fields × seeds, each cell a short run in the worker scored against
 * its own single-task baseline; mean ± std bands, progress and time left, cancel, resume after a
 * reload, CSV of every cell (the same table `npm run cli -- sweep` writes) and SVG/PNG export.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { getSweepField, parseSweepValues, SWEEP_FIELDS } from '../../core/sweep/fields';
import type { SweepDefinition, SweepMetric } from '../../core/sweep/grid';
import { metricLabel, summarize, sweepCsv } from '../../core/sweep/table';
import { decodeSweepSpec } from '../../core/sweep/linkText';
import { useConfigStore } from '../../state/configStore';
import { ChartExport } from '../charts/ChartExport';
import { downloadFile } from '../common/download';
import { BandChart } from './BandChart';
import { sweepActions, useSweepStore } from './sweepStore';
import { errorMessage } from '../../core/errorMessage';

const report = (error: unknown): void => console.warn('MTL Lab sweep:', error);

/** The form's fields, from a linked sweep definition or the defaults. */
function formFromLink(linked: string | null) {
  const form = {
    x: 'rho',
    xv: '0, 0.5, 0.9',
    y: '',
    yv: '',
    seeds: '1, 2',
    steps: '200',
    metric: 'deltaM',
  };
  if (!linked) return form;
  const spec = decodeSweepSpec(linked);
  const [ax, ay] = spec.axes;
  return {
    x: ax.field,
    xv: ax.values.join(', '),
    y: ay?.field ?? '',
    yv: ay?.values.join(', ') ?? '',
    seeds: spec.seeds.join(', '),
    steps: String(spec.steps),
    metric: spec.metric.kind === 'deltaM' ? 'deltaM' : String(spec.metric.task),
  };
}

export function SweepPanel() {
  const ids = {
    x: useId(),
    xv: useId(),
    y: useId(),
    yv: useId(),
    seeds: useId(),
    steps: useId(),
    metric: useId(),
  };
  const chartRef = useRef<HTMLDivElement>(null);
  const config = useConfigStore((s) => s.config);
  const sweep = useSweepStore();
  const [form, setForm] = useState(() => formFromLink(useSweepStore.getState().linked));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    sweepActions.resume()?.catch(report);
  }, []);
  const running = sweep.status === 'running';
  const build = (): SweepDefinition => {
    const axes = [{ field: form.x, values: parseSweepValues(getSweepField(form.x), form.xv) }];
    if (form.y)
      axes.push({ field: form.y, values: parseSweepValues(getSweepField(form.y), form.yv) });
    const seeds = form.seeds.split(',').map((s) => Number(s.trim()));
    if (seeds.some((s) => !Number.isInteger(s) || s < 0))
      throw new Error('seeds are whole numbers ≥ 0, separated by commas');
    const steps = Number(form.steps);
    if (!Number.isInteger(steps) || steps < 1 || steps > 100_000)
      throw new Error('steps per run: a whole number from 1 to 100000');
    const metric: SweepMetric =
      form.metric === 'deltaM' ? { kind: 'deltaM' } : { kind: 'task', task: Number(form.metric) };
    return { base: config, axes, seeds, steps, metric };
  };
  const start = () => {
    try {
      const def = build();
      setError(null);
      sweepActions.start(def).catch(report);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const def = sweep.def;
  const rows = def ? summarize(def, sweep.results) : [];
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <details className="panel sweep-panel">
      <summary>
        <h2>Sweep</h2>
      </summary>
      <div className="field compact">
        <label htmlFor={ids.x}>Vary</label>
        <select id={ids.x} value={form.x} onChange={set('x')}>
          {SWEEP_FIELDS.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.xv}>values</label>
        <input id={ids.xv} value={form.xv} onChange={set('xv')} />
      </div>
      <div className="field compact">
        <label htmlFor={ids.y}>and</label>
        <select id={ids.y} value={form.y} onChange={set('y')}>
          <option value="">(nothing)</option>
          {SWEEP_FIELDS.filter((f) => f.id !== form.x).map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
        {form.y && (
          <>
            <label htmlFor={ids.yv}>values</label>
            <input id={ids.yv} value={form.yv} onChange={set('yv')} />
          </>
        )}
      </div>
      <div className="field compact">
        <label htmlFor={ids.seeds}>Seeds</label>
        <input id={ids.seeds} value={form.seeds} onChange={set('seeds')} />
        <label htmlFor={ids.steps}>Steps per run</label>
        <input id={ids.steps} type="number" min={1} value={form.steps} onChange={set('steps')} />
        <label htmlFor={ids.metric}>Show</label>
        <select id={ids.metric} value={form.metric} onChange={set('metric')}>
          <option value="deltaM">Δm %</option>
          {config.data.taskSpecs.map((_, t) => (
            <option key={t} value={t}>
              task_{t} test metric
            </option>
          ))}
        </select>
      </div>
      <div className="button-row" role="group" aria-label="Sweep">
        <button type="button" className="button button-primary" disabled={running} onClick={start}>
          Run sweep
        </button>
        <button
          type="button"
          className="button"
          disabled={!running}
          onClick={() => sweepActions.cancel().catch(report)}
        >
          Cancel sweep
        </button>
        <button
          type="button"
          className="button"
          disabled={!def || sweep.results.length === 0}
          onClick={() => def && downloadFile('sweep.csv', sweepCsv(def, sweep.results), 'text/csv')}
        >
          Sweep table (CSV)
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {sweep.error && (
        <p className="field-error" role="alert">
          {sweep.error}
        </p>
      )}
      {def && (
        <p role="status" data-testid="sweep-progress">
          {sweep.status === 'running'
            ? 'Running'
            : sweep.status === 'done'
              ? 'Done'
              : sweep.status === 'cancelled'
                ? 'Cancelled'
                : 'Sweep'}
          : {sweep.results.length} of {sweep.total} runs
          {sweep.eta !== null && running ? ` · about ${Math.ceil(sweep.eta)} s left` : ''}
        </p>
      )}
      {def && rows.length > 0 && (
        <div ref={chartRef}>
          <BandChart
            rows={rows}
            xLabel={getSweepField(def.axes[0].field).label}
            yLabel={metricLabel(def.metric)}
          />
          <ChartExport target={chartRef} name="sweep-chart" />
        </div>
      )}
      <p className="field-hint">
        Each run trains the current config with the values set, its seed as data and weight seed,
        and its own single-task baseline for Δm. Bands are ±1 sample std over seeds. Finished sweeps
        add their rows to the compare results table.
      </p>
    </details>
  );
}
