import './share.css';
import { useId, useRef, useState } from 'react';
import { ClassroomDialog } from './ClassroomDialog';
import { shareUrl } from './linkState';
import { CLASSROOM_ID } from './controls';
import { useControlHidden } from './shareStore';

/** "Copy link" (clipboard, or a text field to copy from) and the classroom link builder. */
export function SharePanel() {
  const fieldId = useId();
  const [fallback, setFallback] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [classroom, setClassroom] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  // A classroom link hides the dialog that made it: students cannot show what the teacher hid.
  const classroomLink = useControlHidden(CLASSROOM_ID);

  const copy = async (): Promise<void> => {
    const url = shareUrl(window.location);
    try {
      await navigator.clipboard.writeText(url);
      setFallback(null);
      setStatus('Link copied.');
    } catch {
      setFallback(url);
      setStatus('Copy the link from the field below.');
      requestAnimationFrame(() => field.current?.select());
    }
  };

  return (
    <section className="panel share-panel" aria-labelledby="share-title">
      <h2 id="share-title">Share</h2>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy link
        </button>
        {!classroomLink && (
          <button type="button" className="button" onClick={() => setClassroom(true)}>
            Classroom…
          </button>
        )}
        <span role="status" className="share-status">
          {status}
        </span>
      </div>
      {fallback !== null && (
        <div className="field">
          <label htmlFor={fieldId}>Link to this experiment</label>
          <input
            id={fieldId}
            ref={field}
            type="text"
            readOnly
            value={fallback}
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
      {classroom && !classroomLink && <ClassroomDialog onClose={() => setClassroom(false)} />}
    </section>
  );
}
