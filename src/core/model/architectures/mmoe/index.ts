/**
 * MMoE: E shared experts (each an MLP of config.hidden) on the input; every task mixes them with
 * its own softmax gate, a linear map of the input with bias (as in LibMTL), then its tower.
 * The MMoEEx option (model.exclusivity) closes some gate cells: see exclusivity.ts. With feature
 * groups (featureGroups.ts) the experts read the groups' encodings; the gates still read x.
 */
import { closedCells, expertGateCells, EXCLUSIVITY_FIELDS } from '../../exclusivity';
import type { ArchitectureDefinition } from '../../types';
import {
  denseStack,
  inputGroup,
  joinDrawings,
  mixtureDrawing,
  towersDrawing,
  INPUT_GROUP,
} from '../../drawing';
import { denseSpecs, linearSpecs, reluStack, towers, towerSpecs } from '../../towers';
import {
  encodeFeatureGroups,
  encodingsDrawing,
  featureGroupSpecs,
  groupLayers,
  inputWidth,
} from '../../featureGroups';

export const mmoe: ArchitectureDefinition = {
  id: 'mmoe',
  label: 'MMoE',
  summary:
    'Multi-gate mixture of experts: several shared expert networks read the input, and each task ' +
    'has a small gate that decides, per example, how much of each expert it uses. Tasks that ' +
    'disagree can learn to rely on different experts instead of fighting over one trunk.',
  citation:
    'Ma, Zhao, Yi, Chen, Hong, Chi, "Modeling Task Relationships in Multi-task Learning with Multi-gate Mixture-of-Experts", KDD 2018.',
  uses: ['hidden', 'tower', 'experts', ...EXCLUSIVITY_FIELDS, 'featureGroups', 'groupWidth'],
  hiddenLabel: 'Expert hidden layers',
  expertGroups: (config) => [
    {
      tap: `experts/${config.hidden.length - 1}`,
      count: config.experts,
      label: (e) => `expert ${e + 1}`,
    },
  ],
  activations: { hidden: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  params(config, dims) {
    const E = config.experts;
    return [
      ...featureGroupSpecs(config),
      ...denseSpecs('experts', [inputWidth(config, dims), ...config.hidden], [E], true),
      ...linearSpecs('gate', dims.features, E, [dims.tasks], false, 'gate'),
      ...towerSpecs(config, dims, config.hidden[config.hidden.length - 1]),
    ];
  },
  forward(ops, x, config, dims) {
    // Experts [E, B, H]: one stacked dense layer per layer for all experts, all reading x.
    const bottom = encodeFeatureGroups(ops, x, config, dims);
    const experts = reluStack(ops, bottom, 'experts', config.hidden.length);
    // [T, B, E]: every task's gate reads x; MMoEEx closes some (task, expert) cells.
    const closed = closedCells(expertGateCells(config, dims.tasks), config);
    const gates = ops.softmax(ops.dense(x, 'gate'), closed);
    const mixed = ops.mixExperts(gates, experts);
    ops.tap('gates', gates);
    ops.tap('mixed', mixed);
    ops.gates(gates);
    return towers(ops, mixed, config);
  },
  gateOpenCells: expertGateCells,
  drawing(config, dims) {
    const L = config.hidden.length;
    const encodings = encodingsDrawing(config, dims);
    const lift = groupLayers(config);
    const experts = Array.from({ length: config.experts }, (_, e) =>
      denseStack({
        prefix: 'experts',
        widths: config.hidden,
        from: encodings?.id ?? INPUT_GROUP,
        firstLayer: 1 + lift,
        slot: e,
        kind: 'expert',
        id: (l) => `experts/${l}/e${e}`,
        label: (l) => `expert ${e + 1} layer ${l + 1}`,
      }),
    );
    const mixtures = Array.from({ length: dims.tasks }, (_, t) =>
      mixtureDrawing({
        gateId: `gate/t${t}`,
        gatePrefix: 'gate',
        gateTap: 'gates',
        mixId: `mixed/t${t}`,
        mixTap: 'mixed',
        slot: t,
        stream: INPUT_GROUP,
        experts: experts.map((x) => x.last),
        units: config.hidden[L - 1],
        layer: 1 + lift + L,
        task: t,
        label: `task ${t + 1}`,
      }),
    );
    const towers = towersDrawing(
      config,
      dims,
      mixtures.map((_, t) => `mixed/t${t}`),
      3 + lift + L,
    );
    const bottom = [inputGroup(dims), ...(encodings ? [encodings] : [])];
    return joinDrawings({ groups: bottom, edges: [] }, ...experts, ...mixtures, towers);
  },
};
