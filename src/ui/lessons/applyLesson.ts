/** Opens a lesson: its config, its runs to compare and its views, then builds the runs. */
import { findLesson, lessonConfig } from '../../core/lessons';
import { compareActions } from '../compare/compareActions';
import { setCompareSpecs } from '../compare/compareStore';
import { getConnection } from '../share/connection';
import { setLesson, setViews } from '../share/shareStore';

export async function applyLesson(id: string | undefined): Promise<void> {
  const lesson = findLesson(id);
  if (!lesson) {
    setLesson(undefined);
    return;
  }
  const { controller, started } = getConnection();
  await started;
  setLesson(lesson.id, 0);
  setViews(lesson.preset.views);
  setCompareSpecs(lesson.preset.runs);
  await controller.setConfig(lessonConfig(lesson));
  await compareActions.start(lesson.preset.runs);
}
