import { useId } from 'react';
import { LESSONS, findLesson } from '../../core/lessons';
import { setLesson, setLessonStep, toggleView, useShareStore } from '../share/shareStore';
import { applyLesson } from './applyLesson';

const report = (error: unknown): void => console.warn('MTL Lab lesson:', error);

/** Guided lessons: pick one to load its experiment, then walk through its steps. */
export function LessonPanel() {
  const selectId = useId();
  const lessonId = useShareStore((s) => s.lesson);
  const step = useShareStore((s) => s.lessonStep);
  const open = useShareStore(
    (s) => (s.views?.includes('lessons') ?? false) || s.lesson !== undefined,
  );
  const lesson = findLesson(lessonId);
  const current = lesson?.steps[Math.min(step, lesson.steps.length - 1)];
  return (
    <details
      className="panel lesson-panel"
      open={open}
      onToggle={(e) => toggleView('lessons', e.currentTarget.open)}
    >
      <summary>
        <h2>Lessons</h2>
      </summary>
      <div className="field">
        <label htmlFor={selectId}>Lesson</label>
        <select
          id={selectId}
          value={lessonId ?? ''}
          onChange={(e) => applyLesson(e.target.value || undefined).catch(report)}
        >
          <option value="">Choose a lesson…</option>
          {LESSONS.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </select>
      </div>
      {lesson && current && (
        <div className="lesson-body">
          <p>{lesson.summary}</p>
          <ol className="lesson-steps" aria-label={`Steps of ${lesson.title}`}>
            {lesson.steps.map((s, i) => (
              <li
                key={s.title}
                aria-current={i === step ? 'step' : undefined}
                className={i === step ? 'current' : ''}
              >
                {s.title}
              </li>
            ))}
          </ol>
          <div className="lesson-step" aria-live="polite">
            <h3>
              Step {step + 1} of {lesson.steps.length}: {current.title}
            </h3>
            <p>
              <strong>Do:</strong> {current.doThis}
            </p>
            <p>
              <strong>Look for:</strong> {current.lookFor}
            </p>
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={step === 0}
              onClick={() => setLessonStep(step - 1)}
            >
              Previous step
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={step >= lesson.steps.length - 1}
              onClick={() => setLessonStep(step + 1)}
            >
              Next step
            </button>
            <button
              type="button"
              className="button"
              onClick={() => applyLesson(lesson.id).catch(report)}
            >
              Reload preset
            </button>
            <button type="button" className="button" onClick={() => setLesson(undefined)}>
              End lesson
            </button>
          </div>
        </div>
      )}
    </details>
  );
}
