/** Guided lessons: presets as data, and helpers to turn them into configs. */
export { LESSONS } from './lessons';
export { findLesson, isLessonId, lessonConfig } from './presets';
