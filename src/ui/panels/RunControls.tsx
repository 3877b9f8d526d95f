import { useRunStore } from '../../state/runStore';
import { useLab } from '../LabContext';
import { RunReadout } from './RunReadout';

/** Play / Pause / Step / Reset, with the step counter and measured speed. */
export function RunControls() {
  const lab = useLab();
  const running = useRunStore((state) => state.running);
  const phase = useRunStore((state) => state.phase);
  const ready = phase === 'ready';
  const busy = useRunStore((state) => state.busy);
  const disabled = !ready || busy;
  const report = (error: unknown) => console.warn('MTL Lab action failed:', error);
  return (
    <div className="run-controls" role="group" aria-label="Training">
      <button
        type="button"
        className="button button-primary"
        disabled={disabled}
        aria-keyshortcuts="K"
        title="Play / Pause (K)"
        onClick={() => (running ? lab.pause() : lab.play()).catch(report)}
      >
        <span aria-hidden="true">{running ? '❚❚' : '▶'}</span> {running ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        className="button"
        disabled={disabled || running}
        aria-keyshortcuts="."
        title="One training step (.)"
        onClick={() => lab.step(1).catch(report)}
      >
        Step
      </button>
      <button
        type="button"
        className="button"
        // After a failure Reset stays usable: it starts the run again (maybe on another backend).
        disabled={phase === 'starting' || busy}
        aria-keyshortcuts="R"
        title="Back to step 0 (R)"
        onClick={() => lab.reset().catch(report)}
      >
        Reset
      </button>
      <RunReadout />
    </div>
  );
}
