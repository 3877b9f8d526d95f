import { useRef } from 'react';
import { useMicroscopeStore } from '../../state/microscopeStore';
import { ChartExport } from '../charts/ChartExport';
import { taskColor } from '../charts/palette';
import { StripChart } from '../charts/StripChart';
import { fmt, useMethod, useTaskNames } from './useLabInfo';
import { IgnoredTaskNote, WhyIgnored } from './IgnoredTaskNote';

/** The task weights the method used, against the step (any number of tasks). */
export function MethodWeightsView() {
  const points = useMicroscopeStore((state) => state.history.methodWeights.points);
  const names = useTaskNames();
  const method = useMethod();
  const ref = useRef<HTMLDivElement>(null);
  return (
    <section className="micro-card" aria-labelledby="weights-title">
      <h3 id="weights-title">Task weights of {method?.label ?? 'the method'}</h3>
      {method && (
        <p className="micro-note">
          {method.summary} <cite>{method.citation}</cite>
        </p>
      )}
      <div ref={ref}>
        {points.length === 0 && method && (
          <p className="micro-note">
            No weights yet
            {method.family !== 'loss' ? ' (methods that return a direction have none)' : ''}.
          </p>
        )}
        <StripChart
          points={points}
          series={names.map((label, t) => ({ label, color: taskColor(t) }))}
          yLabel="weight w_i"
          label="Method task weights against training step"
          format={(v) => fmt(v, 4)}
          testId="weights-strip"
        />
      </div>
      <IgnoredTaskNote />
      <WhyIgnored />
      <ChartExport target={ref} name="method-weights" />
    </section>
  );
}
