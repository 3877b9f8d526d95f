import { useEffect, useId, useRef } from 'react';
import { LESSONS } from '../../core/lessons';
import { HIDEABLE_CONTROLS, type HideableControl } from './controls';
import { shareUrl } from './linkState';
import { setHidden, setLesson, useShareStore } from './shareStore';

const GROUPS: HideableControl['group'][] = ['Panels', 'Buttons', 'Settings'];

/** A teacher picks controls to hide (and a lesson); the page and its link follow at once. */
export function ClassroomDialog({ onClose }: { onClose(): void }) {
  const titleId = useId();
  const lessonId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const hidden = useShareStore((s) => s.hidden);
  const lesson = useShareStore((s) => s.lesson);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  // Re-rendered whenever `hidden` or `lesson` change, so the link is always current.
  const link = shareUrl(window.location);

  const toggle = (id: string, hide: boolean): void =>
    setHidden(hide ? [...hidden, id] : hidden.filter((h) => h !== id));

  return (
    <dialog ref={dialog} className="classroom-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Classroom link</h2>
      <p>Hide controls students should not change. The link below opens the lab that way.</p>
      <div className="field">
        <label htmlFor={lessonId}>Lesson</label>
        <select
          id={lessonId}
          value={lesson ?? ''}
          onChange={(e) => setLesson(e.target.value === '' ? undefined : e.target.value)}
        >
          <option value="">None</option>
          {LESSONS.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </select>
      </div>
      {GROUPS.map((group) => (
        <fieldset key={group} className="classroom-group">
          <legend>{group}</legend>
          {HIDEABLE_CONTROLS.filter((c) => c.group === group).map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={hidden.includes(c.id)}
                onChange={(e) => toggle(c.id, e.target.checked)}
              />
              Hide {c.label} <code>{c.id}</code>
            </label>
          ))}
        </fieldset>
      ))}
      <label className="field">
        Link
        <input type="text" readOnly value={link} onFocus={(e) => e.target.select()} />
      </label>
      <div className="button-row">
        <button type="button" className="button" onClick={() => setHidden([])}>
          Show all
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => dialog.current?.close()}
        >
          Done
        </button>
      </div>
    </dialog>
  );
}
