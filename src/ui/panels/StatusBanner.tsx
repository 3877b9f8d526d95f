import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';

/** Start-up progress, fatal errors, and a note when settings are invalid and the old run stays. */
export function StatusBanner() {
  const phase = useRunStore((state) => state.phase);
  const failure = useRunStore((state) => state.failure);
  const errorCount = useConfigStore((state) => state.errors.length);
  const gpuErrors = useRunStore((state) => state.gpuErrors);
  const progress = useRunStore((state) => state.backendProgress);
  if (gpuErrors.length > 0 && phase !== 'failed') {
    return (
      <div className="banner banner-error" role="alert">
        <p>The GPU reported an error, so the numbers below may be wrong. Try another backend.</p>
        <ul>
          {gpuErrors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (phase === 'failed') {
    return (
      <p className="banner banner-error" role="alert">
        Training is unavailable: {failure}
      </p>
    );
  }
  if (phase === 'starting') {
    return (
      <p className="banner" role="status">
        {progress ?? 'Starting the training worker…'}
      </p>
    );
  }
  if (errorCount > 0) {
    return (
      <p className="banner banner-warning" role="status">
        {errorCount === 1 ? 'One setting needs' : `${errorCount} settings need`} attention (see the
        messages beside the controls). The current data and run are kept until the settings are
        valid.
      </p>
    );
  }
  return null;
}
