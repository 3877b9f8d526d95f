import { useId } from 'react';
import { BACKEND_NAMES, isBackendChoice, type BackendSelection } from '../../core/backend';
import { useRunStore } from '../../state/runStore';
import { useLab } from '../LabContext';

const LABELS: Record<string, string> = {
  auto: 'Auto (best available)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU (JavaScript)',
  'wasm-fused': 'WebAssembly fused (CPU)',
};

function adapterText(backend: BackendSelection): string {
  const adapter = backend.adapter;
  if (!adapter) return '';
  const parts = [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean);
  const text = parts.length ? parts.join(' · ') : 'adapter details hidden by the browser';
  return adapter.isFallbackAdapter ? `${text} (software fallback)` : text;
}

/** Which TensorFlow.js backend trains, on which WebGPU adapter, and a switch to override it. */
export function BackendBadge() {
  const lab = useLab();
  const id = useId();
  const backend = useRunStore((state) => state.backend);
  const busy = useRunStore((state) => state.busy);
  const phase = useRunStore((state) => state.phase);
  const skipped = backend?.skipped ?? [];
  return (
    <div className="backend">
      <p className="backend-badge" data-testid="backend-badge" aria-live="polite">
        <span className="backend-name">
          {backend ? backend.name : phase === 'failed' ? 'none' : '…'}
        </span>
        {backend?.adapter && <span className="backend-adapter">{adapterText(backend)}</span>}
      </p>
      {backend?.speeds && backend.speeds.length > 0 && (
        <p className="backend-speeds" data-testid="backend-speeds">
          Measured on this config:{' '}
          {backend.speeds
            .map((s) =>
              s.stepsPerSecond === null
                ? `${s.name} –`
                : `${s.name} ${s.stepsPerSecond.toFixed(1)} steps/s${s.name === backend.name ? ' (picked)' : ''}`,
            )
            .join(' · ')}
        </p>
      )}
      {skipped.length > 0 && (
        <p className="backend-note">
          {skipped.map((attempt) => `${attempt.name} unavailable: ${attempt.reason}`).join('; ')}
        </p>
      )}
      <label htmlFor={id} className="backend-label">
        Backend
      </label>
      <select
        id={id}
        value={backend?.requested ?? 'auto'}
        disabled={busy || phase !== 'ready'}
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
            {LABELS[name]}
          </option>
        ))}
      </select>
    </div>
  );
}
