import { setLinkNotice, useShareStore } from './shareStore';

/** Says which parts of the opened link were ignored (and that defaults were used); dismissible. */
export function LinkNotice() {
  const messages = useShareStore((s) => s.linkNotice);
  if (messages.length === 0) return null;
  return (
    <div className="banner banner-warning link-notice" role="status" aria-live="polite">
      <p>Parts of the link could not be used, so defaults were used for them:</p>
      <ul>
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <button type="button" className="button" onClick={() => setLinkNotice([])}>
        Dismiss
      </button>
    </div>
  );
}
