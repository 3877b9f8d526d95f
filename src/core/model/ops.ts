/**
 * `Ops`: the vocabulary every architecture's forward is written in, once, for every engine. An
 * engine implements it over its own value type `V` (a tfjs tensor, a node of the fused wasm
 * engine's graph, a line of generated code) and runs the architecture's own forward.
 *
 * Values are stacks of activations [...stacks, B, width]: stacking axes in front (tasks T,
 * experts E, ...), then the batch rows, then the units. An engine may carry more in front (the
 * tfjs engine's copies axis C of the replicated per-task backward, types.ts): architectures never
 * see it, except through `ownCopies` / `alignCopies`, which say where task t stops reading the
 * shared computation as a whole and starts reading its own copy of it.
 *
 * Parameters are addressed by the names of the architecture's ParamSpecs; a dense layer `prefix`
 * reads `${prefix}/kernel` [...stacks, in, out] and `${prefix}/bias` [...stacks, out].
 *
 * Types only: no engine, no tfjs (the layer rules of .dependency-cruiser.cjs).
 */

export type Activation = 'linear' | 'relu';

/** MMoEEx's closed gate cells (exclusivity.ts): open[t][e] = 0 closes expert e to task t. */
export interface GateMask {
  open: number[][];
  /** mask: logit − 1e30 (weight exactly 0); pinned: logit 0 (the official code). */
  gate: 'mask' | 'pinned';
}

/** The projections of one multi-head self-attention (MultiTab-Net). */
export interface AttentionSpec {
  query: string;
  key: string;
  value: string;
  heads: number;
  /** Additive mask [n × n] over the tokens (row = query), flattened row-major; n = tokens. */
  mask: number[];
}

export interface Ops<V> {
  /** T, the number of tasks. */
  readonly tasks: number;

  /**
   * act(h W + b) for the dense layer `prefix`: one product per stack of the kernel; h has as many
   * stacks or fewer that divide them (the kernel's stacks that share an h stack all read it).
   */
  dense(h: V, prefix: string, activation?: Activation): V;
  /** `outer` copies of every stack in front of its stacks and `inner` copies after them. */
  repeat(v: V, outer: number, inner: number): V;
  /** In each of `groups` groups, a's stacks then b's (both split into `groups` equal groups). */
  concat(a: V, b: V, groups: number): V;
  /** Softmax over the units, with MMoEEx's closed cells applied to task gates [T, B, E] first. */
  softmax(logits: V, closed?: GateMask | null): V;
  /** Σ_e gates[n, b, e] · experts[n, e, b, :]: gates [N, B, E], experts [N or 1, E, B, H]. */
  mixExperts(gates: V, experts: V): V;
  /** Task t's row of a [T, ...] value, computed from its own copy of the shared parameters. */
  ownCopies(v: V): V;
  /** A shared value [...] read by every task after ownCopies: [T, ...], task t reads its copy. */
  alignCopies(v: V): V;
  /**
   * The parameter `name` [...stacks, K] (learned constants such as DSMTL's gate logits) for every
   * batch row of `rows` [..., B, w]: [...stacks, B, K].
   */
  paramRows(name: string, rows: V): V;
  /** The logistic function 1 / (1 + e^−h), elementwise. */
  sigmoid(h: V): V;
  /**
   * Top-k routing: logits [..., n] with every entry but the k largest of its row lowered by 1e30,
   * so a softmax after it gives exactly k non-zero weights that sum to 1 (ties go to the lower
   * index). The choice passes no gradient; the kept logits pass theirs unchanged.
   */
  topK(logits: V, k: number): V;
  /**
   * Noisy gating (Shazeer et al. 2017): logits + ε ⊙ softplus(scale) for per-task logits
   * [T, B, n], ε ~ N(0, 1) drawn by the engine once per training step from the run's seed (every
   * copy reads the same draw); outside a training step the logits pass unchanged.
   */
  gateNoise(logits: V, scale: V): V;
  /**
   * Deep Safe MTL's hard "lite" gate (v3) from per-task logits α [T, B, 1] (the same value in
   * every row): (a_0, a_1) = (1 − s, s) [T, B, 2] with s the hard Gumbel-softmax sample over
   * log[1 − p, p], p = sigmoid(α), at temperature `tau`. With two classes that sample is
   * s = 1[α + L > 0], L ~ Logistic(0, 1) drawn by the engine once per task per training step;
   * the gradient is that of the soft sample sigmoid((α + L) / tau) (straight-through). Outside a
   * training step s = 1[p ≥ 0.5] (the official code's predict rule: private when p ≥ 0.5).
   */
  hardGate(alpha: V, tau: number): V;
  /**
   * The Switch load-balancing loss α · n · Σ_e f_e P_e over the routing decisions of per-task
   * router probabilities `probs` [T, B, n] (f_e: the fraction of (row, task) decisions whose
   * top-1 is e, no gradient; P_e: the mean probability of e), split over the tasks as
   * (α n / T) Σ_e f_e P_{t,e} and added to each task's training loss. `gates` [T, B, n] are the
   * routed weights: the fraction of rows with a non-zero weight is the expert-usage report, and
   * the 0/1 routing mask [T, B, n] is tapped as 'routing' for the network view.
   */
  loadBalance(probs: V, gates: V, alpha: number): void;
  /** Cross-stitch unit `name` [T, T] on h [T, B, W]: h_t <- Σ_s a_ts h_s. */
  stitch(h: V, name: string): V;

  /** Marks the towers' input z [T, B, H] (the representation-gradient mode's split point). */
  representation(z: V): void;
  /** Marks the task gates [T, B, E] (their batch mean is the gate report). */
  gates(g: V): void;
  /** Reports an activation to the network view (engines that draw nothing ignore it). */
  tap(name: string, v: V): void;

  // MultiTab-Net's pieces: tokens [B, n, e] per example, rows are examples × tokens.
  /** [task tokens `table` [T, e] for every example, then x_d · kernel_d + bias_d per feature]. */
  tokens(x: V, embed: string, table: string): V;
  /** A Linear over the last axis read by every token (kernel [in, out], no stacks). */
  linear(h: V, prefix: string): V;
  /** Layer norm over the last axis with gain `${name}/gain` and offset `${name}/bias`. */
  layerNorm(h: V, name: string): V;
  /** Exact GELU. */
  gelu(h: V): V;
  add(a: V, b: V): V;
  /** Multi-head scaled dot-product self-attention on tokens h; weights [B, heads, n, n]. */
  attention(h: V, spec: AttentionSpec): { context: V; weights: V };
  /** Attention from the first T (task) tokens to the rest, averaged: the attention report. */
  taskAttention(weights: V, tap: string): void;
  /** Tokens [B, n, e] as one row per example [B, n·e]. */
  flattenTokens(h: V): V;
  /** The first `count` tokens of flattened rows [B, n·width], as stacks [count, B, width]. */
  firstTokens(flat: V, count: number, width: number): V;

  // Feature groups (featureGroups.ts): one encoder per group of input columns.
  /** The listed units (0-based, in that order) of the last axis: [..., B, units.length]. */
  gatherUnits(h: V, units: readonly number[]): V;
  /** Values with the same leading axes, joined along the units (last) axis. */
  concatUnits(parts: readonly V[]): V;
}

/** The op names, for engines that say which ones they lack. */
export type OpName = Exclude<keyof Ops<unknown>, 'tasks'>;
