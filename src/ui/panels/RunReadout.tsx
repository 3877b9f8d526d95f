import { useEffect, useState } from 'react';
import { useRunStore } from '../../state/runStore';
import { IgnoredTaskNote } from '../microscope/IgnoredTaskNote';

const ANNOUNCE_EVERY_MS = 2000;

function formatRate(stepsPerSecond: number): string {
  if (stepsPerSecond <= 0) return '–';
  return stepsPerSecond >= 100 ? stepsPerSecond.toFixed(0) : stepsPerSecond.toFixed(1);
}

function describeRun(step: number, rate: number, running: boolean): string {
  const speed = `${formatRate(rate)} steps per second`;
  return `Step ${step.toLocaleString('en-US')}, ${speed}${running ? '' : ', paused'}`;
}

/**
 * Step counter and steps/s. The visible numbers follow every snapshot; the live region that screen
 * readers hear is updated every few seconds while training, and at once when training stops.
 */
export function RunReadout() {
  const step = useRunStore((state) => state.latest?.step ?? 0);
  const rate = useRunStore((state) => state.latest?.stepsPerSecond ?? 0);
  const running = useRunStore((state) => state.running);
  const diverged = useRunStore((state) => state.latest?.diverged ?? false);
  const text = describeRun(step, rate, running);
  const [announced, setAnnounced] = useState(text);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      const { latest } = useRunStore.getState();
      setAnnounced(describeRun(latest?.step ?? 0, latest?.stepsPerSecond ?? 0, true));
    }, ANNOUNCE_EVERY_MS);
    return () => clearInterval(timer);
  }, [running]);

  return (
    <div className="run-readout">
      <span className="readout" aria-hidden="true">
        <span className="readout-label">step</span>
        <span className="readout-value" data-testid="step-count">
          {step.toLocaleString('en-US')}
        </span>
      </span>
      <span className="readout" aria-hidden="true">
        <span className="readout-label">steps/s</span>
        <span className="readout-value" data-testid="steps-per-second">
          {formatRate(rate)}
        </span>
      </span>
      {diverged && (
        <span className="readout-warning" role="alert">
          Training diverged (NaN/Inf): lower the learning rate and reset.
        </span>
      )}
      <IgnoredTaskNote compact />
      <span className="visually-hidden" aria-live="polite" aria-atomic="true">
        {running ? announced : text}
      </span>
    </div>
  );
}
