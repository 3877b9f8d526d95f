/**
 * Task-aware sparse mixture of experts (seed-systems reference §7; Gupta et al., arXiv 2204.07689,
 * which has no official code, so the routing is the reference's tabular form [ours]): E shared
 * experts (MLPs of config.hidden) on the input, and for every (example, task) pair a router that
 * keeps its k best experts, renormalises their softmax weights over those k, and feeds the mixture
 * to the task's tower.
 *
 *   logits   h_t from the router (router.ts: per-task gate, shared gate + task embedding, or
 *            task-level logits); with noise, h_t + ε ⊙ softplus(noise router), ε ~ N(0, 1) drawn
 *            per training step (Shazeer et al. 2017), never in evaluation
 *   gates    softmax over the top-k of h_t (exactly k non-zero weights summing to 1)
 *   balance  Switch loss α · E · Σ_e f_e P_e over all (example, task) decisions (Fedus et al. 2022):
 *            f_e the fraction whose top-1 is e, P_e the mean full-softmax probability of e. It is
 *            split over the tasks as (α E / T) Σ_e f_e P_{t,e} and added to each task's training
 *            loss (train/auxLoss.ts), so a balancing method weighs each task's share with it.
 *
 * k ≥ E without noise is MMoE exactly (same parameters, same outputs). Every expert still runs on
 * every example (then masked): sparsity here saves no compute.
 *
 * Deviations: k above E is read as E; the shared gate's bias is split in two (input and task
 * parts; the same function class); the Switch f_e counts top-1 choices also when k > 1, as the
 * reference asks.
 */
import type { ArchitectureDefinition } from '../../types';
import { denseStack, inputGroup, joinDrawings, towersDrawing, INPUT_GROUP } from '../../drawing';
import { denseSpecs, reluStack, towers, towerSpecs } from '../../towers';
import { routerDrawing } from './drawing';
import { routerLogits, routerSpecs } from './router';

export const sparseMoe: ArchitectureDefinition = {
  id: 'sparse-moe',
  label: 'Task-aware sparse MoE',
  summary:
    'Shared experts read the input; for every example and task a router keeps only the k ' +
    'best-scoring experts and mixes them, so tasks can claim experts of their own. Three routers: ' +
    'a gate per task, one gate shared by all tasks that is told the task by a learned embedding, ' +
    'or a fixed choice per task. A load-balancing loss keeps the experts in use. Sparsity here ' +
    'saves no compute: every expert still runs on every example and the unchosen ones are masked.',
  citation:
    'Gupta, Mukherjee, Subudhi, Gonzalez, Jose, Awadallah, Gao, "Sparsely Activated Mixture-of-Experts are Robust Multi-Task Learners", arXiv 2204.07689 (2022); top-k and noise: Shazeer et al. 2017; load balancing: Fedus, Zoph, Shazeer (Switch Transformers) 2022.',
  uses: ['hidden', 'tower', 'experts', 'moeK', 'moeGate', 'moeNoise', 'moeBalance'],
  hiddenLabel: 'Expert hidden layers',
  expertGroups: (config) => [
    {
      tap: `experts/${config.hidden.length - 1}`,
      count: config.experts,
      label: (e) => `expert ${e + 1}`,
    },
  ],
  activations: {
    hidden: 'relu',
    gate: 'softmax over the top-k (model.moeK)',
    tower: 'relu',
    output: 'linear',
  },
  params(config, dims) {
    const E = config.experts;
    return [
      ...denseSpecs('experts', [dims.features, ...config.hidden], [E], true),
      ...routerSpecs(config.moeGate, 'gate', dims, E),
      ...(config.moeNoise === 'noisy' ? routerSpecs(config.moeGate, 'noise', dims, E) : []),
      ...towerSpecs(config, dims, config.hidden[config.hidden.length - 1]),
    ];
  },
  forward(ops, x, config) {
    const experts = reluStack(ops, x, 'experts', config.hidden.length); // [E, B, H]
    let logits = routerLogits(ops, x, config.moeGate, 'gate'); // [T, B, E]
    if (config.moeNoise === 'noisy') {
      logits = ops.gateNoise(logits, routerLogits(ops, x, config.moeGate, 'noise'));
    }
    const gates = ops.softmax(ops.topK(logits, Math.min(config.moeK, config.experts)));
    ops.loadBalance(ops.softmax(logits), gates, config.moeBalance);
    const mixed = ops.mixExperts(gates, experts);
    ops.tap('gates', gates);
    ops.tap('mixed', mixed);
    ops.gates(gates);
    return towers(ops, mixed, config);
  },
  drawing(config, dims) {
    const L = config.hidden.length;
    const experts = Array.from({ length: config.experts }, (_, e) =>
      denseStack({
        prefix: 'experts',
        widths: config.hidden,
        from: INPUT_GROUP,
        firstLayer: 1,
        slot: e,
        kind: 'expert',
        id: (l) => `experts/${l}/e${e}`,
        label: (l) => `expert ${e + 1} layer ${l + 1}`,
      }),
    );
    const routers = Array.from({ length: dims.tasks }, (_, t) =>
      routerDrawing(
        config,
        t,
        experts.map((x) => x.last),
        1 + L,
      ),
    );
    const towers = towersDrawing(
      config,
      dims,
      routers.map((_, t) => `mixed/t${t}`),
      3 + L,
    );
    return joinDrawings({ groups: [inputGroup(dims)], edges: [] }, ...experts, ...routers, towers);
  },
};
