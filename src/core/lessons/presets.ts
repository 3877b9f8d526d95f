/** Turns a lesson's preset into a full config (defaults, then the preset), and finds lessons. */
import { defaultConfig, resizeTaskSpecs } from '../config/defaults';
import type { LabConfig } from '../config/schema';
import { mergeConfig } from '../config/validate';
import { LESSONS } from './lessons';
import type { Lesson } from './types';

export function lessonConfig(lesson: Lesson): LabConfig {
  const merged = mergeConfig(defaultConfig(), lesson.preset.config);
  const tasks = merged.data.tasks;
  if (merged.data.taskSpecs.length !== tasks) {
    merged.data.taskSpecs = resizeTaskSpecs(merged.data.taskSpecs, tasks);
  }
  return merged;
}

export function findLesson(id: string | undefined): Lesson | undefined {
  return id === undefined ? undefined : LESSONS.find((lesson) => lesson.id === id);
}

export function isLessonId(id: string): boolean {
  return LESSONS.some((lesson) => lesson.id === id);
}
