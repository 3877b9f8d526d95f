/** A guided lesson: an experiment preset plus short steps of what to do and what to look for. */
import type { LabConfig } from '../config/schema';
import type { RunSpec } from '../io';
import type { LessonClaim } from './claims';

/** Deep partial of the config; merged over the defaults (arrays replace). */
export type ConfigPreset = {
  data?: Partial<LabConfig['data']>;
  model?: Partial<LabConfig['model']>;
  train?: Partial<LabConfig['train']>;
};

export interface LessonStep {
  title: string;
  /** What to do (press, move, switch). */
  doThis: string;
  /** What to look for. */
  lookFor: string;
}

export interface Lesson {
  /** Stable id, used in links (`lesson=<id>`). */
  id: string;
  title: string;
  summary: string;
  preset: {
    config: ConfigPreset;
    /** Runs to compare (same data, same initial weights). */
    runs: RunSpec[];
    /** Views to open (ids used by the views and the link). */
    views: string[];
  };
  steps: LessonStep[];
  /** What the steps claim, as numbers; lessons.test.ts checks each over three seeds. */
  claims: LessonClaim[];
}
