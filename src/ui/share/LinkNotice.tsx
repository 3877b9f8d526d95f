import { setLinkNotes, setLinkNotice, useShareStore } from './shareStore';

/** Says which parts of the opened link were ignored (and that defaults were used); dismissible. */
export function LinkNotice() {
  const messages = useShareStore((s) => s.linkNotice);
  if (messages.length === 0) return <LinkNotes />;
  return (
    <>
      <LinkNotes />
      <IgnoredNotice messages={messages} />
    </>
  );
}

/** How an older link was read where today's defaults differ (its initialisation); dismissible. */
function LinkNotes() {
  const notes = useShareStore((s) => s.linkNotes);
  if (notes.length === 0) return null;
  return (
    <div className="banner link-notes" role="status" aria-live="polite">
      <p>This experiment was made by an older version of MTL Lab, so it keeps its settings:</p>
      <ul>
        {notes.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <button type="button" className="button" onClick={() => setLinkNotes([])}>
        Dismiss
      </button>
    </div>
  );
}

function IgnoredNotice({ messages }: { messages: string[] }) {
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
