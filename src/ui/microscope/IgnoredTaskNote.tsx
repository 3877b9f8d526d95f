/**
 * Says so when the method keeps a task's weight near zero for many steps: which task, since which
 * step, and a link to why (taskNeglect.ts decides). Shown in the run's status line and in the
 * microscope's method-weights card, which holds the explanation.
 */
import { useShallow } from 'zustand/react/shallow';
import { NEGLECT_FRACTION_OF_EQUAL, neglectedTasks } from '../../state/taskNeglect';
import { useRunStore } from '../../state/runStore';
import { useMethod, useTaskNames } from './useLabInfo';

export const WHY_IGNORED_ID = 'why-task-ignored';

export function useIgnoredTasks() {
  return useRunStore(
    useShallow((state) =>
      neglectedTasks(
        state.neglect,
        state.latest?.step ?? 0,
        state.latest?.methodWeights ?? null,
      ).map((n) => `${n.task}:${n.since}:${n.share.toPrecision(2)}`),
    ),
  ).map((key) => {
    const [task, since, share] = key.split(':');
    return { task: Number(task), since: Number(since), share: Number(share) };
  });
}

export function IgnoredTaskNote({ compact = false }: { compact?: boolean }) {
  const ignored = useIgnoredTasks();
  const names = useTaskNames();
  const method = useMethod();
  if (ignored.length === 0) return null;
  const who = method?.label ?? 'The method';
  const list = ignored
    .map(
      (n) =>
        `${names[n.task] ?? `task ${n.task + 1}`} since step ${n.since.toLocaleString('en-US')}`,
    )
    .join(', ');
  return (
    <p
      className={compact ? 'readout-warning' : 'micro-warning'}
      role="status"
      data-testid="ignored-task"
    >
      {who} is ignoring {list} (weight share{' '}
      {ignored.map((n) => `${(n.share * 100).toPrecision(2)} %`).join(', ')}, below{' '}
      {Math.round(NEGLECT_FRACTION_OF_EQUAL * 100)} % of an equal share).{' '}
      <a
        href={`#${WHY_IGNORED_ID}`}
        onClick={() => {
          const why = document.getElementById(WHY_IGNORED_ID);
          if (why instanceof HTMLDetailsElement) why.open = true;
        }}
      >
        Why?
      </a>
    </p>
  );
}

/** What the link points at: why min-norm methods can starve a task, and what to try. */
export function WhyIgnored() {
  return (
    <details className="micro-details" id={WHY_IGNORED_ID}>
      <summary>Why a method can ignore a task</summary>
      <p className="micro-note">
        MGDA and its relatives take the combination of the task gradients with the smallest norm.
        When one task’s gradient is much larger than the others’, or points where the others already
        lead, that combination gives it almost no weight, and its loss stops improving while the
        others train. That is a Pareto-stationary choice, not a bug. To keep every task moving, try
        a scale-invariant method (IMTL, Nash-MTL, FairGrad), MGDA-UB with normalised losses, or EW
        as the control.
      </p>
    </details>
  );
}
