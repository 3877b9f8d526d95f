/**
 * Feature groups (config model.featureGroups; FULLER's intra calibration, seed-systems §9.1): the
 * tabular stand-in for FULLER's modalities. Each group G_m of input columns gets its own small
 * ReLU encoder φ_m (a shared dense layer `groups/${m}` of config.groupWidth units reading only
 * x[G_m]); the encodings, then the columns of no group as they are, are concatenated and feed the
 * architecture's bottom (shared-bottom's trunk, MMoE's experts). An architecture opts in with
 * `uses: ['featureGroups']`, `inputWidth` in its params and `encodeFeatureGroups` in its forward;
 * nothing else is per architecture. Without groups every function here is the identity.
 */
import type { DataConfig, FeatureGroup, ModelConfig } from '../config/schema';
import type { DrawnGroup } from './drawingTypes';
import type { Ops } from './ops';
import { linearSpecs } from './towers';
import type { ArchitectureDefinition, ModelDims, ParamSpec } from './types';

export const GROUP_PREFIX = 'groups';
/** The tap (and drawn group id) of the concatenated encodings. */
export const ENCODINGS_TAP = 'groups/encoded';

/** Columns of no group, in order (they reach the bottom unchanged). */
export function ungroupedColumns(groups: readonly FeatureGroup[], features: number): number[] {
  const grouped = new Set(groups.flatMap((g) => g.columns));
  return Array.from({ length: features }, (_, c) => c).filter((c) => !grouped.has(c));
}

/** The width the bottom reads: D without groups, else M·groupWidth plus the ungrouped columns. */
export function inputWidth(config: ModelConfig, dims: ModelDims): number {
  const groups = config.featureGroups;
  if (groups.length === 0) return dims.features;
  return groups.length * config.groupWidth + ungroupedColumns(groups, dims.features).length;
}

/** The encoders' parameters `groups/${m}/kernel` [|G_m|, w] and `/bias` [w], shared. */
export function featureGroupSpecs(config: ModelConfig): ParamSpec[] {
  return config.featureGroups.flatMap((g, m) =>
    linearSpecs(`${GROUP_PREFIX}/${m}`, g.columns.length, config.groupWidth, [], true, 'hidden'),
  );
}

/** [φ_1(x_G1), …, φ_M(x_GM), x_rest] from x [B, D]; x itself without groups. */
export function encodeFeatureGroups<V>(ops: Ops<V>, x: V, config: ModelConfig, dims: ModelDims): V {
  const groups = config.featureGroups;
  if (groups.length === 0) return x;
  const parts = groups.map((g, m) =>
    ops.dense(ops.gatherUnits(x, g.columns), `${GROUP_PREFIX}/${m}`, 'relu'),
  );
  const rest = ungroupedColumns(groups, dims.features);
  if (rest.length) parts.push(ops.gatherUnits(x, rest));
  const encoded = ops.concatUnits(parts);
  ops.tap(ENCODINGS_TAP, encoded);
  return encoded;
}

/** Group m of a parameter of a group encoder, or -1 (the intra calibration's partition). */
export function featureGroupOf(paramName: string): number {
  const match = /^groups\/(\d+)\//.exec(paramName);
  return match ? Number(match[1]) : -1;
}

/** How many diagram columns the encodings add in front of the bottom (0 or 1). */
export function groupLayers(config: ModelConfig): number {
  return config.featureGroups.length ? 1 : 0;
}

/** The drawn encodings (no edges: each encoder reads a subset of the inputs), or null. */
export function encodingsDrawing(config: ModelConfig, dims: ModelDims): DrawnGroup | null {
  if (config.featureGroups.length === 0) return null;
  return {
    id: ENCODINGS_TAP,
    kind: 'hidden',
    layer: 1,
    units: inputWidth(config, dims),
    label: `feature-group encodings (${config.featureGroups.map((g) => g.name).join(', ')})`,
    tap: ENCODINGS_TAP,
    slot: 0,
  };
}

/**
 * Problems of the groups with the loaded data and the chosen architecture, as messages a person
 * can act on (empty when there are none). Shape rules (names, overlap, empty groups) are the
 * schema's (config/schema.ts).
 */
export function featureGroupErrors(
  config: ModelConfig,
  features: number,
  architecture: Pick<ArchitectureDefinition, 'label' | 'uses'>,
): string[] {
  const groups = config.featureGroups;
  if (groups.length === 0) return [];
  const errors: string[] = [];
  if (!architecture.uses.includes('featureGroups')) {
    errors.push(
      `model.featureGroups: ${architecture.label} does not read feature groups (shared-bottom and MMoE do); clear the groups or pick one of those.`,
    );
  }
  for (const g of groups) {
    const missing = g.columns.filter((c) => c >= features);
    if (missing.length) {
      errors.push(
        `model.featureGroups: group "${g.name}" lists ${missing.map((c) => `x${c + 1}`).join(', ')}, but the data has only ${features} feature${features === 1 ? '' : 's'} (x1 to x${features}); remove ${missing.length === 1 ? 'it' : 'them'} from the group.`,
      );
    }
  }
  return errors;
}

/**
 * The generator's own split of its columns: the D informative ones (every task's label reads
 * them) and the appended pure-noise ones (data.irrelevantFeatures). One group when there is no
 * noise column.
 */
export function informativeIrrelevantGroups(
  data: Pick<DataConfig, 'features' | 'irrelevantFeatures'>,
): FeatureGroup[] {
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const groups: FeatureGroup[] = [{ name: 'informative', columns: range(0, data.features) }];
  if (data.irrelevantFeatures > 0) {
    groups.push({
      name: 'irrelevant',
      columns: range(data.features, data.irrelevantFeatures),
    });
  }
  return groups;
}
