/**
 * Deep Safe MTL (seed-systems reference §5), joint learning with the v1 gate of the official code
 * (Pengxin-Guo/SMTL `nyu/backbone.py` SMTLmodel, `--version v1`): one public encoder f_s read by
 * every task, one private encoder f_t per task (both MLPs of config.hidden), and per task a gate
 * (a_0, a_1) over (public, private). Task t's tower reads z_t = a_0 · f_s(x) + a_1 · f_t(x).
 * Gate forms (config.safeGate, the code's `--version`): softmax (v1), (a_0, a_1) = softmax(α_t),
 * α_t ∈ R² from 0, so a = (0.5, 0.5); sigmoid (v2), a_k = sigmoid(α_t,k) independently, α from
 * 0.5, so a ≈ (0.62, 0.62); lite (v3), one α_t ∈ R from 0, p = sigmoid(α_t), and a = (1 − s, s)
 * with s a hard Gumbel-softmax sample over log[1 − p, p] at τ = 0.1 in each training step (the
 * gradient of the soft sample, straight-through; one draw per task per step, as the official
 * code draws one per forward) and s = 1[p ≥ 0.5] in evaluation (Ops.hardGate). Ours: the lab
 * keeps both encoders of every task in the weights; the official lite mode stores only the
 * chosen one.
 *
 * The guarantee and its limit: a = (0, 1) is task t's single-task network, so an optimum of the
 * training objective over this model is never worse for a task than the STL optimum; it is not a
 * promise that SGD reaches it, nor one about test error.
 *
 * Deviations (left for later, issue 20): no gate-after-decoder
 * variant, no individual learning, no bilevel
 * gate training; the private encoders have the public one's widths. Gate logits are ordinary
 * parameters trained with the rest, as in the official code's default.
 */
import type { ArchitectureDefinition } from '../../types';
import type { DrawnEdge, DrawnGroup } from '../../drawingTypes';
import { denseStack, inputGroup, joinDrawings, towersDrawing, INPUT_GROUP } from '../../drawing';
import { denseSpecs, reluStack, towers, towerSpecs } from '../../towers';

/** The official code's τ for the lite gate's hard Gumbel-softmax. */
export const LITE_TEMPERATURE = 0.1;

export const dsmtl: ArchitectureDefinition = {
  id: 'dsmtl',
  label: 'Deep Safe MTL',
  summary:
    'A public encoder shared by all tasks and a private encoder per task; each task has a learned ' +
    'gate that mixes the two (public ↔ private) before its tower. A task that gains from sharing ' +
    'keeps the gate public; an unrelated one can close it and become its own single-task network. ' +
    'The guarantee is about the best fit of the training objective (never worse than training the ' +
    'task alone), not a promise about test error or that training finds that fit.',
  citation:
    'Yue, Ye, Zhang, Liang, Tsang, "Deep Safe Multi-Task Learning", arXiv 2111.10601 (2022); code: Guo, Ye, Zhang, "Safe Multi-Task Learning" (Pengxin-Guo/SMTL).',
  // The gate's activation follows model.safeGate (softmax pair or independent sigmoids).
  activations: {
    hidden: 'relu',
    gate: 'softmax | sigmoid | hard Gumbel (model.safeGate)',
    tower: 'relu',
    output: 'linear',
  },
  uses: ['hidden', 'tower', 'safeGate'],
  hiddenLabel: 'Encoder hidden layers (public and private)',
  params(config, dims) {
    const widths = [dims.features, ...config.hidden];
    return [
      // Stacked [1, ...] and [T, 1, ...] so that both read as [T, 1, B, H] candidates.
      ...denseSpecs('public', widths, [1], true),
      ...denseSpecs('private', widths, [dims.tasks, 1], false),
      {
        name: 'gate/logits',
        // lite: one α per task; softmax and sigmoid: a logit pair (public, private).
        shape: [dims.tasks, config.safeGate === 'lite' ? 1 : 2],
        shared: false,
        init: { layer: 'constant', value: config.safeGate === 'sigmoid' ? 0.5 : 0 },
      },
      ...towerSpecs(config, dims, config.hidden[config.hidden.length - 1]),
    ];
  },
  forward(ops, x, config) {
    const layers = config.hidden.length;
    const shared = ops.alignCopies(reluStack(ops, x, 'public', layers)); // [T, 1, B, H]
    const own = reluStack(ops, x, 'private', layers); // [T, 1, B, H]
    const candidates = ops.concat(shared, own, ops.tasks); // [T, 2, B, H]: (public, private)
    const logits = ops.paramRows('gate/logits', x); // [T, B, 2]
    const gates =
      config.safeGate === 'lite'
        ? ops.hardGate(logits, LITE_TEMPERATURE)
        : config.safeGate === 'sigmoid'
          ? ops.sigmoid(logits)
          : ops.softmax(logits);
    const mixed = ops.mixExperts(gates, candidates); // z_t = a_0 f_s(x) + a_1 f_t(x)
    ops.tap('gate', gates);
    ops.tap('mixed', mixed);
    ops.gates(gates);
    return towers(ops, mixed, config);
  },
  drawing(config, dims) {
    const L = config.hidden.length;
    const H = config.hidden[L - 1];
    const stack = (prefix: 'public' | 'private', slot: number, task?: number) =>
      denseStack({
        prefix,
        widths: config.hidden,
        from: INPUT_GROUP,
        firstLayer: 1,
        slot,
        kind: 'hidden',
        ...(task === undefined ? {} : { task }),
        id: (l) => `${prefix}/${l}/${task === undefined ? 'shared' : `t${task}`}`,
        label: (l) =>
          `${task === undefined ? 'public' : `task ${task + 1} private`} layer ${l + 1}`,
      });
    const shared = stack('public', 0);
    const own = Array.from({ length: dims.tasks }, (_, t) => stack('private', t, t));
    // Per task: the gate's two weights and the mixture; public -> mixture weighs a_0, private a_1.
    const gates = Array.from({ length: dims.tasks }, (_, t) => {
      const gate = `gate/t${t}`;
      const mix = `mixed/t${t}`;
      const groups: DrawnGroup[] = [
        {
          id: gate,
          kind: 'gate',
          layer: 1 + L,
          units: 2,
          label: `task ${t + 1} gate (public, private)`,
          tap: 'gate',
          slot: t,
          task: t,
        },
        {
          id: mix,
          kind: 'hidden',
          layer: 2 + L,
          units: H,
          label: `task ${t + 1} mixture`,
          tap: 'mixed',
          slot: t,
          task: t,
        },
      ];
      const edges: DrawnEdge[] = [
        { from: shared.last, to: mix, weights: { kind: 'gate', gate, unit: 0 } },
        { from: own[t].last, to: mix, weights: { kind: 'gate', gate, unit: 1 } },
      ];
      return { groups, edges };
    });
    const towers = towersDrawing(
      config,
      dims,
      gates.map((_, t) => `mixed/t${t}`),
      3 + L,
    );
    return joinDrawings(
      { groups: [inputGroup(dims)], edges: [] },
      shared,
      ...own,
      ...gates,
      towers,
    );
  },
};
