import { useEffect, useId, useRef, useState } from 'react';
import { LESSONS } from '../../core/lessons';
import { CLASSROOM_ID, HIDEABLE_CONTROLS, type HideableControl } from './controls';
import { shareUrl } from './linkState';
import { useShareStore } from './shareStore';

const GROUPS: HideableControl['group'][] = ['Panels', 'Buttons', 'Data panel', 'Model panel'];

/**
 * A teacher picks controls to hide (and a lesson) and gets a link that opens the lab that way.
 * The choices live in the dialog only: the teacher's own page does not change. Every classroom
 * link also hides the classroom dialog itself, so students cannot undo what the teacher hid.
 */
export function ClassroomDialog({ onClose }: { onClose(): void }) {
  const titleId = useId();
  const lessonId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [hidden, setHidden] = useState<string[]>(() =>
    useShareStore.getState().hidden.filter((id) => id !== CLASSROOM_ID),
  );
  const [lesson, setLesson] = useState<string | undefined>(() => useShareStore.getState().lesson);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const link = shareUrl(window.location, { hidden: [...hidden, CLASSROOM_ID], lesson });

  const toggle = (id: string, hide: boolean): void =>
    setHidden((current) => (hide ? [...current, id] : current.filter((h) => h !== id)));

  return (
    <dialog ref={dialog} className="classroom-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Classroom link</h2>
      <p>
        Tick what students should not see. This page stays as it is; the link below opens the lab
        for students that way, without this dialog.
      </p>
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
          <legend>Hide in the {group === 'Panels' || group === 'Buttons' ? 'page' : group}</legend>
          {HIDEABLE_CONTROLS.filter((c) => c.group === group).map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={hidden.includes(c.id)}
                onChange={(e) => toggle(c.id, e.target.checked)}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
      ))}
      <label className="field">
        Link for students
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
