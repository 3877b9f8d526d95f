import { useId } from 'react';
import {
  BACKENDS,
  BACKEND_NAMES,
  isBackendChoice,
  type BackendSelection,
} from '../../core/engines/tfjs/backend';
import { useRunStore } from '../../state/runStore';
import { useLab } from '../LabContext';

const CHOICE_LABELS: Record<string, string> = { auto: 'Auto (fastest here)', ...BACKENDS };

function adapterText(backend: BackendSelection): string {
  const adapter = backend.adapter;
  if (!adapter) return '';
  const parts = [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean);
  const text = parts.length ? parts.join(' · ') : 'adapter details hidden by the browser';
  return adapter.isFallbackAdapter ? `${text} (software fallback)` : text;
}

/** "2 threads" for an engine that threads (the reason for one is the span's title). */
function threadsText(backend: BackendSelection): string {
  const n = backend.threads?.count;
  return n === undefined ? '' : `${n} thread${n === 1 ? '' : 's'}`;
}

/** One sentence on how the backend was chosen (or what the choice is doing now). */
function statusText(backend: BackendSelection | null, progress: string | null): string {
  if (progress) return progress;
  if (!backend) return '';
  const label = BACKENDS[backend.name];
  if (backend.moved?.reason) return `Moved to ${label}: ${backend.moved.reason}`;
  if (backend.moved?.speedup)
    return `Moved to ${label}: ${backend.moved.speedup.toFixed(1)}× faster here`;
  if (backend.note) return backend.note;
  if (backend.requested !== 'auto') return `${label}, as chosen`;
  if (backend.origin === 'remembered') return `${label}: remembered as fastest here (no measuring)`;
  if (backend.origin === 'measured') return `${label}: measured fastest here`;
  return `${label}: started first, as it starts quickest`;
}

function speedsText(backend: BackendSelection): string {
  if (!backend.speeds?.length) return '';
  const figures = backend.speeds.map((s) =>
    s.stepsPerSecond === null
      ? `${s.name} –`
      : `${s.name} ${s.stepsPerSecond.toFixed(1)} steps/s${s.name === backend.name ? ' (picked)' : ''}`,
  );
  return `Measured on this config: ${figures.join(' · ')}`;
}

function skippedText(backend: BackendSelection): string {
  const skipped = [
    ...backend.skipped,
    ...(backend.speeds ?? [])
      .filter((s) => s.stepsPerSecond === null && !backend.skipped.some((k) => k.name === s.name))
      .map((s) => ({ name: s.name, reason: s.reason ?? 'unavailable' })),
  ];
  return skipped.map((attempt) => `${attempt.name} skipped: ${attempt.reason}`).join('; ');
}

/** A line of fixed height: long text is cut with an ellipsis and readable in full on hover. */
function Line({ text, className, testId }: { text: string; className: string; testId?: string }) {
  return (
    <p className={`backend-line ${className}`} data-testid={testId} title={text || undefined}>
      {text || ' '}
    </p>
  );
}

/**
 * Which TensorFlow.js backend trains, how it was chosen, the measured figures, and the switch:
 * one group whose lines have fixed heights, so nothing below moves when a measurement lands.
 */
export function BackendBadge() {
  const lab = useLab();
  const id = useId();
  const backend = useRunStore((state) => state.backend);
  const busy = useRunStore((state) => state.busy);
  const phase = useRunStore((state) => state.phase);
  const progress = useRunStore((state) => state.backendProgress);
  const measuring = progress !== null;
  return (
    <div className="backend">
      <div className="backend-row">
        <p className="backend-badge" data-testid="backend-badge">
          <span className="backend-name">
            {backend ? backend.name : phase === 'failed' ? 'none' : '…'}
          </span>
          <span className="backend-adapter" title={backend?.threads?.reason ?? undefined}>
            {backend ? adapterText(backend) || threadsText(backend) : ''}
          </span>
        </p>
        <label htmlFor={id} className="backend-label">
          Backend
        </label>
        <select
          id={id}
          value={backend?.requested ?? 'auto'}
          // After a failure the select stays usable: another backend is the way out.
          disabled={busy || phase === 'starting'}
          onChange={(event) => {
            const choice = event.target.value;
            if (isBackendChoice(choice)) {
              lab
                .setBackend(choice)
                .catch((error: unknown) => console.warn('Backend switch failed:', error));
            }
          }}
        >
          {['auto', ...BACKEND_NAMES].map((name) => (
            <option key={name} value={name}>
              {CHOICE_LABELS[name]}
            </option>
          ))}
        </select>
      </div>
      <div className="backend-row">
        <Line
          text={statusText(backend, progress)}
          className="backend-status"
          testId="backend-status"
        />
        {backend?.requested === 'auto' && (
          <button
            type="button"
            className="backend-remeasure"
            disabled={busy || measuring || phase === 'starting'}
            onClick={() =>
              lab.remeasure().catch((error: unknown) => console.warn('Re-measure failed:', error))
            }
          >
            Re-measure
          </button>
        )}
      </div>
      <Line
        text={backend ? speedsText(backend) : ''}
        className="backend-speeds"
        testId="backend-speeds"
      />
      <Line text={backend ? skippedText(backend) : ''} className="backend-note" />
    </div>
  );
}
