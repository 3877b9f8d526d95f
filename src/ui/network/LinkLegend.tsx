/** What the links' colours mean in the current link view (linkStyle.ts). */
import type { LinkView } from '../../state/networkView';
import { taskColor } from '../charts/palette';
import { CONFLICT_COLOR } from './linkStyle';

export function LinkLegend({ mode, tasks }: { mode: LinkView; tasks: number }) {
  if (mode === 'weight') {
    return <p className="link-legend">Links: width = |weight|, colour = sign (scale above).</p>;
  }
  if (mode === 'task-pull') {
    return (
      <p className="link-legend" data-testid="link-legend">
        Links: colour = the task whose gradient on the weight is largest, opacity = its share of the
        tasks&apos; pull:{' '}
        {Array.from({ length: tasks }, (_, t) => (
          <span key={t} className="swatch-label">
            <span className="swatch" style={{ background: taskColor(t) }} aria-hidden="true" />
            task {t + 1}
          </span>
        ))}
      </p>
    );
  }
  return (
    <p className="link-legend" data-testid="link-legend">
      Links:{' '}
      <span className="swatch-label">
        <span className="swatch" style={{ background: CONFLICT_COLOR }} aria-hidden="true" />
        the tasks&apos; gradients disagree in sign
      </span>{' '}
      (opacity = 1 − |Σ g| / Σ |g|: 1 when they cancel), grey where they agree.
    </p>
  );
}
