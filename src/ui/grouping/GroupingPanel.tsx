/**
 * "Which tasks belong together?": TAG's inter-task affinity (heatmap, its history, the small-step
 * explanation) and STG-MTL's data maps (one scatter per task, memberships, feature distances),
 * each with its suggested grouping and a button that trains it beside all-tasks-together and
 * single-task (results in the compare view's table).
 */
import { useEffect, useId } from 'react';
import { CLUSTER_MODES, type ClusterMode } from '../../core/grouping/clustering';
import { useRunStore } from '../../state/runStore';
import { Heatmap } from '../charts/Heatmap';
import { AffinityHistory } from './AffinityHistory';
import { DataMapScatter } from './DataMapScatter';
import { groupingActions, useGroupingStore } from './groupingStore';

const report = (error: unknown): void => console.warn('MTL Lab grouping:', error);
const braces = (groups: number[][], names: string[]) =>
  groups.map((g) => `{${g.map((t) => names[t] ?? t).join(', ')}}`).join(' ');

export function GroupingPanel() {
  const everyId = useId();
  const groupsId = useId();
  const modeId = useId();
  const s = useGroupingStore();
  const step = useRunStore((r) => r.latest?.step ?? 0);
  const tasks = useRunStore((r) => r.data?.tasks);
  const names = tasks?.map((t) => t.name) ?? [];
  const measuring = s.affinityEvery > 0 || s.dataMap;
  useEffect(() => {
    if (!measuring) return;
    groupingActions.refresh().catch(report);
    const timer = setInterval(() => groupingActions.refresh().catch(report), 1000);
    return () => clearInterval(timer);
  }, [measuring, s.groups, s.mode]);
  const latest = s.latest;
  const affinity = latest?.affinity;
  const maps = latest?.dataMaps;
  return (
    <details className="panel grouping-panel">
      <summary>
        <h2>Task grouping</h2>
      </summary>
      <p className="field-hint">
        Which tasks should share a network? TAG measures how a step on one task&apos;s gradient
        changes every other task&apos;s loss; STG-MTL clusters the tasks by their data maps. Turning
        a measurement on restarts the run.
      </p>
      <div className="field compact">
        <label>
          <input
            type="checkbox"
            checked={s.affinityEvery > 0}
            onChange={(e) =>
              groupingActions.setProbes(e.target.checked ? 5 : 0, s.dataMap).catch(report)
            }
          />{' '}
          Measure task affinity (TAG)
        </label>
        {s.affinityEvery > 0 && (
          <>
            <label htmlFor={everyId}>every</label>
            <input
              id={everyId}
              type="number"
              min={1}
              max={1000}
              value={s.affinityEvery}
              onChange={(e) => {
                const k = Math.max(1, Math.floor(Number(e.target.value) || 1));
                groupingActions.setProbes(k, s.dataMap).catch(report);
              }}
            />
            <span>steps</span>
          </>
        )}
      </div>
      <div className="field compact">
        <label>
          <input
            type="checkbox"
            checked={s.dataMap}
            onChange={(e) =>
              groupingActions.setProbes(s.affinityEvery, e.target.checked).catch(report)
            }
          />{' '}
          Record data maps (STG-MTL)
        </label>
      </div>
      <div className="field compact">
        <label htmlFor={groupsId}>Groups</label>
        <select
          id={groupsId}
          value={s.groups}
          onChange={(e) => useGroupingStore.setState({ groups: Number(e.target.value) })}
        >
          {[1, 2, 3].map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        <label htmlFor={modeId}>Clustering</label>
        <select
          id={modeId}
          value={s.mode}
          onChange={(e) => useGroupingStore.setState({ mode: e.target.value as ClusterMode })}
        >
          {CLUSTER_MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      {affinity && affinity.count > 0 && (
        <section aria-label="Inter-task affinity (TAG)">
          <h3>Inter-task affinity Ẑ (TAG), {affinity.count} measured steps</h3>
          <Heatmap
            matrix={affinity.mean}
            rowLabels={names.map((n) => `${n} steps`)}
            colLabels={names}
            label="Averaged affinity: row task's lookahead step onto the column task's loss (per unit learning rate)"
            testId="affinity-heatmap"
            describeCell={(r, c, v) => `${r}, onto ${c}: ${v}`}
          />
          <p className="field-hint">
            Z<sub>i→j</sub> = (1 − ℓ<sub>j</sub>(θ + Δ<sub>i</sub>) / ℓ<sub>j</sub>(θ)) / η:
            positive when a step on task i&apos;s gradient (shared layers only, with the
            optimizer&apos;s own update) lowers task j&apos;s loss on the same batch. For small
            plain-SGD steps Z<sub>i→j</sub>·ℓ<sub>j</sub> → g<sub>i</sub>·g
            <sub>j</sub>: the Gram matrix the microscope&apos;s conflict view shows, each column
            divided by its task&apos;s loss. Affinities drift over training, so when you measure
            matters.
          </p>
          <AffinityHistory history={affinity.history} names={names} />
          {latest?.tag && (
            <p>
              TAG suggests <strong>{braces(latest.tag.groups, names)}</strong> (each task served by
              its best group; score {latest.tag.value.toFixed(3)}).{' '}
              <button
                type="button"
                className="button"
                disabled={s.pending !== null || step < 1}
                onClick={() => groupingActions.train('tag').catch(report)}
              >
                Train TAG&apos;s grouping
              </button>
            </p>
          )}
        </section>
      )}
      {maps && maps.epochs > 0 && (
        <section aria-label="Data maps (STG-MTL)">
          <h3>Data maps ({maps.epochs} epochs recorded)</h3>
          <div className="data-map-row">
            {maps.maps.map((m, i) => (
              <DataMapScatter key={m.task} map={m} index={i} />
            ))}
          </div>
          {latest?.stg && (
            <>
              <Heatmap
                matrix={latest.stg.memberships}
                rowLabels={names}
                colLabels={latest.stg.memberships[0].map((_, c) => `group ${c + 1}`)}
                label="Memberships U (STG-MTL): each task's weight in each group model"
                sequential
                domain={[0, 1]}
                testId="membership-heatmap"
              />
              <Heatmap
                matrix={latest.stg.distances}
                rowLabels={names}
                colLabels={names}
                label="Distances between the tasks' data maps"
                sequential
              />
              <p>
                STG-MTL suggests <strong>{braces(latest.stg.groups, names)}</strong> (
                {latest.stg.mode}).{' '}
                <button
                  type="button"
                  className="button"
                  disabled={s.pending !== null || step < 1}
                  onClick={() => groupingActions.train('stg').catch(report)}
                >
                  Train STG-MTL&apos;s grouping
                </button>
              </p>
            </>
          )}
        </section>
      )}
      {latest?.notes.map((n) => (
        <p key={n} className="field-hint">
          {n}
        </p>
      ))}
      {s.pending && (
        <p role="status">
          Training the suggested grouping, all tasks together and single-task
          {s.progress ? ` (${Math.round((100 * s.progress.done) / s.progress.total)}%)` : ''}…
        </p>
      )}
      {s.error && (
        <p className="field-error" role="alert">
          {s.error}
        </p>
      )}
    </details>
  );
}
