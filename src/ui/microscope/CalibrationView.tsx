/**
 * FULLER's calibration (reference seed-systems §9 "What to show"): per task the norm of its
 * representation gradient ‖r_i‖ before and after the inter calibration (and after the direction
 * rule), and per feature group the norm of its encoder's gradient before and after the intra
 * calibration, a "modality bias" gauge: a group that starves the others shows a short bar before.
 * Shown when the method is FULLER.
 */
import { useRef } from 'react';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { ChartExport } from '../charts/ChartExport';
import { GroupedBars } from '../charts/GroupedBars';
import { OKABE_ITO } from '../charts/palette';
import { fmt, labelsFor, useTaskNames } from './useLabInfo';

export function CalibrationView() {
  const state = useRunStore((s) => s.latest?.methodState ?? null);
  const groups = useConfigStore((s) => s.config.model.featureGroups);
  const taskNames = useTaskNames();
  const ref = useRef<HTMLDivElement>(null);
  const before = state?.taskNormBefore;
  if (!state || !before) return null;
  const names = labelsFor(taskNames, before.length);
  const calibrated = state.taskNormCalibrated ?? [];
  const after = state.taskNormAfter ?? [];
  const groupBefore = state.groupNormBefore;
  const groupAfter = state.groupNormAfter ?? [];
  const groupNames = groups.map((g) => g.name);
  return (
    <section className="micro-card" aria-labelledby="fuller-title" data-testid="fuller-view">
      <h3 id="fuller-title">Gradient calibration (FULLER)</h3>
      <p className="micro-note">
        Last step. Tasks: the length of each task’s gradient at the towers’ input, before and after
        it is rescaled to the mean (and after the direction rule, if one is chosen).
      </p>
      <div ref={ref}>
        <GroupedBars
          rows={names}
          series={[
            { label: 'before ‖r‖', color: OKABE_ITO[0], values: before },
            { label: 'calibrated', color: OKABE_ITO[4], values: calibrated },
            { label: 'applied', color: OKABE_ITO[2], values: after },
          ]}
          label={`Task gradient norms: ${names
            .map((n, t) => `${n} ${fmt(before[t], 3)} → ${fmt(calibrated[t] ?? NaN, 3)}`)
            .join('; ')}`}
          format={(v) => fmt(v, 3)}
          testId="fuller-task-bars"
        />
        {groupBefore ? (
          <>
            <p className="micro-note">
              Feature groups: each group encoder’s gradient before and after it is rescaled to the
              mean group norm (read one step late, with the next step’s download).
            </p>
            <GroupedBars
              rows={groupBefore.map((_, m) => groupNames[m] ?? `group ${m + 1}`)}
              series={[
                { label: 'before', color: OKABE_ITO[0], values: groupBefore },
                { label: 'after', color: OKABE_ITO[4], values: groupAfter },
              ]}
              label={`Feature-group gradient norms: ${groupBefore
                .map(
                  (v, m) =>
                    `${groupNames[m] ?? m + 1} ${fmt(v, 3)} → ${fmt(groupAfter[m] ?? NaN, 3)}`,
                )
                .join('; ')}`}
              format={(v) => fmt(v, 3)}
              testId="fuller-group-bars"
            />
          </>
        ) : (
          <p className="micro-note" data-testid="fuller-no-groups">
            Intra calibration needs two or more feature groups (Model panel) on shared-bottom or
            MMoE.
          </p>
        )}
      </div>
      <ChartExport target={ref} name="fuller-calibration" />
    </section>
  );
}
