import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { messageBody, messagePath } from '../../core/config/messages';
import { findControl, focusControl } from '../fields/focusControl';
import { controlName } from '../share/controlNames';

/** Start-up progress, fatal errors, and a note when settings are invalid and the old run stays. */
export function StatusBanner() {
  const phase = useRunStore((state) => state.phase);
  const failure = useRunStore((state) => state.failure);
  const errors = useConfigStore((state) => state.errors);
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
  if (errors.length > 0) {
    return (
      <div className="banner banner-warning" role="status" data-testid="settings-banner">
        <p>
          {errors.length === 1 ? 'One setting needs' : `${errors.length} settings need`} attention.
          The current data and run are kept until the settings are valid.
        </p>
        <ul>
          {errors.map((message) => (
            <SettingProblem key={message} message={message} />
          ))}
        </ul>
      </div>
    );
  }
  return null;
}

/** One invalid setting: its control's name as a link that moves focus to it, and what to change. */
function SettingProblem({ message }: { message: string }) {
  const path = messagePath(message);
  const name = controlName(path) ?? path;
  const target = findControl(path);
  return (
    <li>
      {target ? (
        <a
          href={target.id ? `#${target.id}` : '#'}
          onClick={(event) => {
            event.preventDefault();
            focusControl(path);
          }}
        >
          {name}
        </a>
      ) : (
        name
      )}
      : {messageBody(message)}
    </li>
  );
}
