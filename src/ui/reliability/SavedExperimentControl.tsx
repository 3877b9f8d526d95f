import { useState } from 'react';
import { clearSavedExperiment, usePersistenceStore } from './persistenceSetup';
import { errorMessage } from '../../core/errorMessage';

/** Where the experiment is kept between visits, and the button that forgets it. */
export function SavedExperimentControl() {
  const savedAt = usePersistenceStore((s) => s.savedAt);
  const savedStep = usePersistenceStore((s) => s.savedStep);
  const problem = usePersistenceStore((s) => s.problem);
  const [cleared, setCleared] = useState(false);
  const status =
    savedAt === null
      ? cleared
        ? 'The saved copy was deleted; it is saved again when the experiment changes.'
        : 'Not saved yet.'
      : `Saved in this browser at ${new Date(savedAt).toLocaleTimeString()}` +
        (savedStep === null ? ' (settings only).' : ` (weights at step ${savedStep}).`);
  return (
    <section className="panel saved-experiment" aria-labelledby="saved-title">
      <h2 id="saved-title">Saved experiment</h2>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button
        type="button"
        className="button"
        onClick={() => {
          clearSavedExperiment()
            .then(() => setCleared(true))
            .catch((error: unknown) =>
              usePersistenceStore.setState({
                problem: `could not clear: ${errorMessage(error)}`,
              }),
            );
        }}
      >
        Clear saved experiment
      </button>
    </section>
  );
}
