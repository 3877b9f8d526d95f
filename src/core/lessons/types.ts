/** A guided lesson: an experiment preset plus short steps of what to do and what to look for. */
import type { LabConfig } from '../config/schema';
import type { RunSpec } from '../io';

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
  /** The part of the network view this step is about, outlined while the step is shown. */
  diagram?: DiagramPointer;
}

/**
 * Parts of the network view, named by the drawing of the lesson's own architecture (its group
 * ids, core/model/drawing.ts): a group (a layer, an expert, a gate's bars, a tower), one unit of
 * it, or the links between two groups. lessonTargets.test.ts checks each exists in the drawing.
 */
export type DiagramTarget = { group: string; unit?: number } | { from: string; to: string };

export interface DiagramPointer {
  targets: DiagramTarget[];
  /** What to watch there, in a few words ("the gate bars of task_0 and task_1"). */
  note: string;
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

/** A number measured on one run of the lesson (by its label), after `steps` steps. */
export type Quantity =
  /** Δm of `run` against `baseline` (an STL run), percent; with `task`, that task's own change. */
  | { q: 'deltaM'; run: string; baseline: string; task?: number }
  /** |Δm(run) − Δm(other)| against the same baseline, percentage points. */
  | { q: 'deltaMGap'; run: string; other: string; baseline: string }
  /** Test loss of one task, or the mean over tasks. */
  | { q: 'testLoss'; run: string; task?: number }
  /** Mean test loss minus mean train loss (the generalisation gap). */
  | { q: 'gap'; run: string }
  /** L1 distance between the gate rows of task_0 and task_1 on the test split. */
  | { q: 'gateDistance'; run: string }
  /** One task's mean gate weight on one unit (an expert; DSMTL: 0 public, 1 private). */
  | { q: 'gateWeight'; run: string; task: number; unit: number }
  /** Cosine between the task gradients (task_0, task_1) at the first step. */
  | { q: 'firstCosine'; run: string }
  /** The method's weight of one task divided by the smallest weight of the other tasks. */
  | { q: 'weightRatio'; run: string; task: number }
  /** The largest std of the output across the training inputs at step 0. */
  | { q: 'initialSpread'; run: string };

export type Side = Quantity & {
  /** A change the lesson's step asks for (e.g. ρ = 0), over the lesson's preset. */
  patch?: ConfigPreset;
  /** A factor on the measured number, for claims such as "more than twice STL's loss". */
  times?: number;
};

export interface LessonClaim {
  /** Stable name, used in the test's title. */
  id: string;
  /** The sentence of the lesson this backs, with its numbers. */
  says: string;
  steps: number;
  left: Side;
  op: '<' | '>';
  right: Side | number;
}
