import {
  dismissNotice,
  dismissUnexpected,
  useReliabilityStore,
} from '../../state/reliabilityStore';
import { ConfigNotes } from './ConfigNotes';

/**
 * Divergence and lost-GPU notices, unexpected errors caught by the global handlers, and the note
 * that a saved experiment was restored. Alerts are announced; each can be dismissed.
 */
export function ReliabilityBanner() {
  const notices = useReliabilityStore((s) => s.notices);
  const unexpected = useReliabilityStore((s) => s.unexpected);
  const restoredStep = useReliabilityStore((s) => s.restoredStep);
  return (
    <>
      <ConfigNotes />
      {notices.map((notice, index) => (
        <div
          key={`${notice.kind}-${notice.runId}-${index}`}
          className={`banner ${notice.kind === 'diverged' ? 'banner-error' : 'banner-warning'}`}
          role="alert"
          data-notice={notice.kind}
        >
          <p>{notice.message}</p>
          {notice.kind === 'diverged' && <p className="notice-suggestion">{notice.suggestion}</p>}
          <button type="button" className="button" onClick={() => dismissNotice(index)}>
            Dismiss
          </button>
        </div>
      ))}
      {unexpected.length > 0 && (
        <div className="banner banner-error" role="alert" data-notice="unexpected">
          <p>Something went wrong that the lab did not expect. What is loaded was kept:</p>
          <ul>
            {unexpected.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
          <button type="button" className="button" onClick={dismissUnexpected}>
            Dismiss
          </button>
        </div>
      )}
      {restoredStep !== null && (
        <p className="banner" role="status" data-notice="restored">
          Restored the saved experiment at step {restoredStep} (config, weights and loss history).
        </p>
      )}
    </>
  );
}
