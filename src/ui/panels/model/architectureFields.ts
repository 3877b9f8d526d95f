/**
 * Which size controls an architecture shows, in a fixed order, with bounds read from the schema so
 * the inputs and validation agree. Pure data: the picker renders it, tests check it.
 */
import { z } from 'zod';
import { modelSchema, type ArchitectureId, type ModelConfig } from '../../../core/config/schema';
import { getArchitecture } from '../../../core/model/registry';

type NumberKey =
  | 'experts'
  | 'sharedExperts'
  | 'taskExperts'
  | 'levels'
  | 'embedDim'
  | 'heads'
  | 'ffHidden'
  | 'exclusivityFraction'
  | 'exclusivitySeed'
  | 'groupWidth'
  | 'moeK'
  | 'moeBalance';

type ChoiceKey =
  'taskMask' | 'exclusivity' | 'exclusivityGate' | 'safeGate' | 'moeGate' | 'moeNoise';

export type SizeField =
  | { key: 'hidden' | 'tower'; kind: 'list'; label: string; hint: string }
  | {
      key: NumberKey;
      kind: 'number';
      label: string;
      hint: string;
      min: number;
      max: number;
      step?: number;
    }
  | { key: ChoiceKey; kind: 'choice'; label: string; hint: string; choices: readonly string[] };

const shape = modelSchema.shape;

function bounds(schema: z.ZodNumber | z.ZodDefault<z.ZodNumber>): { min: number; max: number } {
  const plain = schema instanceof z.ZodDefault ? schema.unwrap() : schema;
  return { min: plain.minValue ?? 0, max: plain.maxValue ?? Number.MAX_SAFE_INTEGER };
}

/** Most layers in `hidden` / `tower` (the schema's `.max(4)`; a test keeps the two in step). */
export const MAX_LAYERS = 4;
const units = bounds(shape.hidden.element);
const listHint = (what: string, minLayers: number) =>
  `${what}: units per layer, comma-separated (${minLayers} to ${MAX_LAYERS} layers of ${units.min} to ${units.max}).`;

/** The label of `hidden` depends on what it sizes in each architecture (its own `hiddenLabel`). */
export function hiddenLabel(architecture: ArchitectureId): string {
  return getArchitecture(architecture).hiddenLabel ?? 'Column hidden layers';
}

function number(key: NumberKey, label: string, hint: string): SizeField {
  return { key, kind: 'number', label, hint, ...bounds(shape[key]) };
}

/** Every size control in display order; `hidden`'s label is filled in per architecture. */
const ALL_FIELDS: readonly SizeField[] = [
  { key: 'hidden', kind: 'list', label: 'Hidden layers', hint: listHint('Every layer', 1) },
  {
    key: 'tower',
    kind: 'list',
    label: 'Task tower layers',
    hint: listHint('Each task’s own layers before its output', 0),
  },
  number('experts', 'Experts', 'Shared expert networks every task’s gate can mix.'),
  number('sharedExperts', 'Shared experts', 'Experts every task may use, per level.'),
  number('taskExperts', 'Experts per task', 'Experts only one task’s gate sees, per level.'),
  number('levels', 'Extraction levels', 'Stacked expert layers (PLE’s progressive levels).'),
  number('embedDim', 'Embedding size', 'Width of every feature and task token.'),
  number(
    'heads',
    'Attention heads',
    'Heads in each attention layer; each is ⌈embedding ÷ heads⌉ wide.',
  ),
  number(
    'ffHidden',
    'Feed-forward width',
    'Hidden units of the feed-forward block after attention.',
  ),
  {
    key: 'taskMask',
    kind: 'choice',
    label: 'Task-token mask',
    hint: 'T×T stops task tokens attending to each other, so each task reads the features only.',
    choices: shape.taskMask.unwrap().options,
  },
  {
    key: 'exclusivity',
    kind: 'choice',
    label: 'Expert exclusivity (MMoEEx)',
    hint: 'Assign a fraction of the experts to random tasks: exclusivity shows each only to its task’s gate, exclusion hides it from that task (Aoki et al. 2021). In CGC/PLE the shared experts are assigned.',
    choices: shape.exclusivity.unwrap().options,
  },
  {
    ...number(
      'exclusivityFraction',
      'Assigned fraction p',
      'Fraction of the (shared) experts given an owner task, ⌊n·p⌋ of them (census default 0.75). MMoE keeps at least one expert open to every gate.',
    ),
    step: 0.05,
  } as SizeField,
  {
    key: 'exclusivityGate',
    kind: 'choice',
    label: 'Closed gates',
    hint: 'mask: closed weights are exactly 0 (the paper’s intent). pinned: the closed logit is pinned to 0, as the official code does, so the expert still gets some weight.',
    choices: shape.exclusivityGate.unwrap().options,
  },
  number('exclusivitySeed', 'Assignment seed', 'Seed of the random expert-to-task assignment.'),
  number(
    'groupWidth',
    'Group encoder width',
    'Units of each feature group’s encoder (used when feature groups are set).',
  ),
  {
    key: 'safeGate',
    kind: 'choice',
    label: 'Public/private gate',
    hint: 'softmax: each task’s two weights sum to 1 and start at (0.5, 0.5). sigmoid: two independent weights in (0, 1) starting at 0.62 each. lite: a hard choice, public or private, sampled each step (hard Gumbel, τ = 0.1) from one learned p per task, and private when p ≥ 0.5 in evaluation (the official code’s v1, v2 and v3).',
    choices: shape.safeGate.unwrap().options,
  },
  number(
    'moeK',
    'Experts per task (top-k)',
    'Each (example, task) keeps its k highest-scoring experts, their weights renormalised to sum to 1; k at or above the number of experts is dense MMoE. Sparsity here saves no compute: every expert still runs on every example, and the unchosen ones are masked out.',
  ),
  {
    key: 'moeGate',
    kind: 'choice',
    label: 'Router',
    hint: 'task: a gate per task reading the example (sparse MMoE). embedding: one gate shared by all tasks reading the example and a learned 8-number task embedding. task-level: a learned score per task and expert, the same for every example of the task.',
    choices: shape.moeGate.unwrap().options,
  },
  {
    key: 'moeNoise',
    kind: 'choice',
    label: 'Router noise',
    hint: 'noisy: while training, learned-scale Gaussian noise is added to the routing scores (noisy top-k), so ties break and unused experts get tried; evaluation never adds noise.',
    choices: shape.moeNoise.unwrap().options,
  },
  {
    ...number(
      'moeBalance',
      'Load-balance weight α',
      'α of the Switch load-balancing loss α · E · Σ f_e P_e (f_e: share of decisions whose top choice is expert e; P_e: its mean routing probability), added to the training loss. It equals α when routing is uniform and grows when few experts get everything; 0 turns it off.',
    ),
    step: 0.001,
  } as SizeField,
];

/** The size controls for an architecture that reads `uses` (order fixed, unknown keys ignored). */
export function sizeFieldsFor(
  architecture: ArchitectureId,
  uses: readonly (keyof ModelConfig)[],
): SizeField[] {
  return ALL_FIELDS.filter((field) => uses.includes(field.key)).map((field) =>
    field.key === 'hidden' ? { ...field, label: hiddenLabel(architecture) } : field,
  );
}

/** The config path of a model field, as validation messages and link keys name it. */
export const modelPath = (key: keyof ModelConfig): string => `model.${key}`;
