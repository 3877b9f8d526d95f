/**
 * The sparse MoE's routing (seed-systems reference §7, "What to show"): the share of test examples
 * each task routes to each expert, with the Switch load-balancing loss beside it. Shown only for
 * runs whose snapshot reports routing.
 */
import { useRef } from 'react';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { interpolateShare } from '../charts/colorScales';
import { Heatmap } from '../charts/Heatmap';
import { fmt, labelsFor, useTaskNames } from './useLabInfo';

export function RoutingView() {
  const routing = useRunStore((state) => state.latest?.routing ?? null);
  const model = useConfigStore((state) => state.config.model);
  const taskNames = useTaskNames();
  const mapRef = useRef<HTMLDivElement>(null);
  if (!routing) return null;
  const { usage, balanceLoss } = routing;
  const names = labelsFor(taskNames, usage.length);
  const E = usage[0]?.length ?? 0;
  const k = Math.min(model.moeK, E);
  const alpha = model.moeBalance;
  return (
    <section className="micro-card" aria-labelledby="routing-title">
      <h3 id="routing-title">Expert usage (sparse routing)</h3>
      <p className="micro-note">
        Share of test examples each task sends to each expert; every example goes to its top {k} of{' '}
        {E}, so each row sums to {k}. Sparsity here saves no compute: every expert still runs on
        every example and the unchosen ones are masked out.
      </p>
      <div className="micro-row">
        <div ref={mapRef} className="micro-figure">
          <Heatmap
            matrix={usage}
            rowLabels={names}
            colLabels={Array.from({ length: E }, (_, e) => `expert ${e + 1}`)}
            label="Share of examples routed, task x expert"
            domain={[0, 1]}
            sequential
            interpolator={interpolateShare}
            focusableCells={usage.length * E <= 64}
            testId="routing-heatmap"
            describeCell={(r, c, v) => `${r} routes ${v} of its examples to ${c}`}
          />
          <ChartExport target={mapRef} name="routing" />
        </div>
        <table className="stats-table micro-stats" data-testid="balance-loss">
          <caption>Load-balancing loss α · E · Σ f_e P_e on the test split</caption>
          <tbody>
            <tr>
              <th scope="row">now</th>
              <td>{fmt(balanceLoss, 4)}</td>
            </tr>
            <tr>
              <th scope="row">uniform routing (α)</th>
              <td>{fmt(alpha, 4)}</td>
            </tr>
            <tr>
              <th scope="row">one expert takes all (α · E)</th>
              <td>{fmt(alpha * E, 4)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
