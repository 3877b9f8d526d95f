/**
 * How a link is painted in each link view (issue 18 §3). Width is |weight| in every view, so the
 * structure stays the same when the view changes; colour and opacity say what the view is about:
 *   weight     colour = sign (the diverging scale of the thumbnails);
 *   task pull  colour = the task whose gradient on the weight is largest, opacity = its share;
 *   conflict   red with opacity = the conflict strength (1 − |Σ g_t| / Σ |g_t|), grey where the
 *              tasks agree. A weight no task moves is a faint grey line in both MTL views.
 * Gate bands carry no weight of their own (they are gate means), so they keep the weight colours.
 */
import type { LinkView } from '../../state/networkView';
import { taskColor } from '../charts/palette';
import { divergingColor } from './thumbnails';

export interface LinkPullValue {
  task: number;
  share: number;
  conflict: number;
}

export interface LinkPaint {
  color: string;
  alpha: number;
}

export const CONFLICT_COLOR = '#C0143C';
const QUIET = '#8a8f98';

export function linkPaint(view: LinkView, weight: number, pull: LinkPullValue | null): LinkPaint {
  if (view === 'weight' || !pull)
    return { color: divergingColor(Math.sign(weight), 1), alpha: 0.55 };
  if (pull.task < 0) return { color: QUIET, alpha: 0.15 };
  if (view === 'task-pull') return { color: taskColor(pull.task), alpha: pull.share };
  if (pull.conflict < 0.05) return { color: QUIET, alpha: 0.2 };
  return { color: CONFLICT_COLOR, alpha: 0.25 + 0.75 * pull.conflict };
}

/** The words a link's value is read out with (tooltip, text alternative, accessible names). */
export function describePull(view: LinkView, pull: LinkPullValue | null, tasks: string[]): string {
  if (view === 'weight' || !pull) return '';
  if (pull.task < 0) return 'no task moves it';
  const name = tasks[pull.task] ?? `task ${pull.task + 1}`;
  return view === 'task-pull'
    ? `pulled most by ${name} (${Math.round(pull.share * 100)}% of the tasks' pull)`
    : `conflict ${pull.conflict.toFixed(2)} (${pull.conflict < 0.05 ? 'tasks agree' : 'tasks disagree in sign'})`;
}
