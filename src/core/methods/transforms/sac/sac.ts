/**
 * IGBv2's soft actor-critic (reference seed-systems §1.2; official code YanqiDai/IGB4MTL
 * methods/SAC_Agent.py, itself after XinJingHao/SAC-Continuous-Pytorch; read, not copied).
 *
 * Actor: state → ReLU(128) → ReLU(128) → (μ, log σ), log σ clamped to [−20, 2];
 *   u = μ + σ·n (reparameterised), action a = A·softmax(u) (so a > 0 and Σa = A).
 *   log π = Σ_j log N(u_j; μ_j, σ_j) − Σ_j 2(log 2 − u_j − softplus(−2u_j)): the official code keeps
 *   the tanh-squash correction although the squash is a softmax, so this is not the true entropy
 *   of a; kept as coded (its gradient in u is 2·tanh u).
 * Twin critics Q1, Q2: (state, action) → ReLU(128) → ReLU(128) → 1, with Polyak targets (τ = 0.005).
 * One update on a minibatch (s, a, r, s'):
 *   y = r + γ·(min(Q1', Q2')(s', a') − α·log π(a'|s')) with a' ~ π(·|s'), γ = 0.99 (no terminal);
 *   critics: Adam on mse(Q1, y) + mse(Q2, y);
 *   actor: Adam on mean(α·log π(ã|s) − min(Q1, Q2)(s, ã)), ã ~ π(·|s), critics frozen;
 *   α: Adam on log α with loss −log α·mean(log π + target entropy), target entropy = −A, α₀ = 0.2;
 *   targets: θ' ← τθ + (1 − τ)θ'.
 * All learning rates 3e-4 (the official --sac_lr). Gradients are written by hand (mlp.ts); the
 * test checks them against finite differences. At a tie of the two critics the gradient goes to Q1
 * (PyTorch splits it; ties have probability 0).
 */
import { normalSampler } from '../../random';
import { Adam, Mlp, type MlpCache } from './mlp';
import type { Minibatch, ReplayBuffer } from './replay';

export interface SacSettings {
  stateDim: number;
  actionDim: number;
  hidden: readonly number[];
  gamma: number;
  tau: number;
  learningRate: number;
  initialAlpha: number;
  /** The base minibatch; an update draws ⌊batch·k/2⌋ rows (k from the transform). */
  batch: number;
}

export const SAC_DEFAULTS = {
  hidden: [128, 128],
  gamma: 0.99,
  tau: 0.005,
  learningRate: 3e-4,
  initialAlpha: 0.2,
  batch: 256,
} as const;

const LOG_STD_MIN = -20;
const LOG_STD_MAX = 2;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));

/** A batch of policy samples with what the actor's backward needs. */
export interface PolicySample {
  rows: number;
  /** Actions A·softmax(u) [rows, A]. */
  actions: Float64Array;
  logProb: Float64Array;
  u: Float64Array;
  probs: Float64Array;
  sigma: Float64Array;
  noise: Float64Array;
  /** 1 where log σ was inside [−20, 2] (the clamp passes the gradient), else 0. */
  inRange: Uint8Array;
  body: MlpCache;
  head: MlpCache;
}

export class SacAgent {
  readonly body: Mlp;
  readonly head: Mlp;
  readonly critics: [Mlp, Mlp];
  readonly targets: [Mlp, Mlp];
  logAlpha: Float64Array;
  updates = 0;
  private readonly actorAdam: Adam;
  private readonly criticAdams: [Adam, Adam];
  private readonly alphaAdam: Adam;
  private readonly normal: () => number;

  constructor(
    readonly settings: SacSettings,
    private readonly random: () => number,
  ) {
    const { stateDim: S, actionDim: A, hidden, learningRate: lr } = settings;
    this.body = Mlp.create([S, ...hidden], random, true);
    this.head = Mlp.create([hidden[hidden.length - 1], 2 * A], random);
    const critic = () => Mlp.create([S + A, ...hidden, 1], random);
    this.critics = [critic(), critic()];
    this.targets = [this.critics[0].clone(), this.critics[1].clone()];
    this.actorAdam = new Adam(
      [this.body, this.head].flatMap((n) => n.layers.flatMap((l) => [l.weight, l.bias])),
      lr,
    );
    this.criticAdams = [Adam.forMlp(this.critics[0], lr), Adam.forMlp(this.critics[1], lr)];
    this.logAlpha = new Float64Array([Math.log(settings.initialAlpha)]);
    this.alphaAdam = new Adam([this.logAlpha], lr);
    this.normal = normalSampler(random);
  }

  get alpha(): number {
    return Math.exp(this.logAlpha[0]);
  }

  /** Policy samples for `rows` states (noise drawn from the run's generator unless given). */
  policy(states: Float64Array, rows: number, noise?: Float64Array): PolicySample {
    const A = this.settings.actionDim;
    const body = this.body.forward(states, rows);
    const head = this.head.forward(body.activations[body.activations.length - 1], rows);
    const out = head.activations[head.activations.length - 1];
    const n = noise ?? Float64Array.from({ length: rows * A }, this.normal);
    const u = new Float64Array(rows * A);
    const sigma = new Float64Array(rows * A);
    const inRange = new Uint8Array(rows * A);
    const probs = new Float64Array(rows * A);
    const actions = new Float64Array(rows * A);
    const logProb = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let lp = 0;
      let max = -Infinity;
      for (let j = 0; j < A; j++) {
        const q = r * A + j;
        const raw = out[r * 2 * A + A + j];
        const logStd = Math.min(LOG_STD_MAX, Math.max(LOG_STD_MIN, raw));
        inRange[q] = raw >= LOG_STD_MIN && raw <= LOG_STD_MAX ? 1 : 0;
        sigma[q] = Math.exp(logStd);
        u[q] = out[r * 2 * A + j] + sigma[q] * n[q];
        lp += -0.5 * n[q] * n[q] - logStd - HALF_LOG_2PI;
        lp -= 2 * (Math.LN2 - u[q] - softplus(-2 * u[q]));
        max = Math.max(max, u[q]);
      }
      let sum = 0;
      for (let j = 0; j < A; j++) sum += probs[r * A + j] = Math.exp(u[r * A + j] - max);
      for (let j = 0; j < A; j++) {
        probs[r * A + j] /= sum;
        actions[r * A + j] = A * probs[r * A + j];
      }
      logProb[r] = lp;
    }
    return { rows, actions, logProb, u, probs, sigma, noise: n, inRange, body, head };
  }

  /** One stochastic action for one state (the official select_action, deterministic = False). */
  act(state: ArrayLike<number>): Float64Array {
    return this.policy(Float64Array.from(state), 1).actions;
  }

  /** min(Q1, Q2) per row, with which critic gave it, and the forward caches. */
  private twinQ(nets: [Mlp, Mlp], states: Float64Array, actions: Float64Array, rows: number) {
    const { stateDim: S, actionDim: A } = this.settings;
    const input = new Float64Array(rows * (S + A));
    for (let r = 0; r < rows; r++) {
      input.set(states.subarray(r * S, (r + 1) * S), r * (S + A));
      input.set(actions.subarray(r * A, (r + 1) * A), r * (S + A) + S);
    }
    const caches = nets.map((net) => net.forward(input, rows)) as [MlpCache, MlpCache];
    const q = caches.map((c) => c.activations[c.activations.length - 1]);
    const min = q[0].map((v, r) => Math.min(v, q[1][r]));
    return { caches, q, min };
  }

  /** Gradients of the actor's parameters from dL/da [rows, A] and dL/dlog π [rows]. */
  actorBackward(sample: PolicySample, dActions: Float64Array, dLogProb: Float64Array) {
    const A = this.settings.actionDim;
    const { rows, probs, u, sigma, noise, inRange } = sample;
    const dOut = new Float64Array(rows * 2 * A);
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let i = 0; i < A; i++) dot += dActions[r * A + i] * probs[r * A + i];
      for (let j = 0; j < A; j++) {
        const q = r * A + j;
        const du = A * probs[q] * (dActions[q] - dot) + dLogProb[r] * 2 * Math.tanh(u[q]);
        dOut[r * 2 * A + j] = du;
        dOut[r * 2 * A + A + j] = inRange[q] ? du * sigma[q] * noise[q] - dLogProb[r] : 0;
      }
    }
    const head = this.head.backward(sample.head, dOut);
    const body = this.body.backward(sample.body, head.input);
    return [body.grads!, head.grads!];
  }

  /** One SAC update on a minibatch (the official SAC_Agent.train). */
  update(batch: Minibatch): void {
    const { gamma, actionDim: A, stateDim: S, tau } = this.settings;
    const M = batch.rows;
    const alpha = this.alpha;
    // Critics toward y = r + γ(min Q'(s', a') − α log π(a'|s')).
    const nextPi = this.policy(batch.next, M);
    const target = this.twinQ(this.targets, batch.next, nextPi.actions, M).min;
    const y = target.map((q, r) => batch.rewards[r] + gamma * (q - alpha * nextPi.logProb[r]));
    const current = this.twinQ(this.critics, batch.states, batch.actions, M);
    this.critics.forEach((critic, c) => {
      const d = current.q[c].map((q, r) => (2 * (q - y[r])) / M);
      this.criticAdams[c].applyMlp(critic.backward(current.caches[c], d).grads!);
    });
    // Actor on mean(α log π − min Q) with the critics frozen.
    const pi = this.policy(batch.states, M);
    const q = this.twinQ(this.critics, batch.states, pi.actions, M);
    const dActions = new Float64Array(M * A);
    this.critics.forEach((critic, c) => {
      const d = q.q[c].map((v, r) => ((c === 0 ? v <= q.q[1][r] : v < q.q[0][r]) ? -1 / M : 0));
      const input = critic.backward(q.caches[c], d, false).input;
      for (let r = 0; r < M; r++)
        for (let j = 0; j < A; j++) dActions[r * A + j] += input[r * (S + A) + S + j];
    });
    const [body, head] = this.actorBackward(pi, dActions, new Float64Array(M).fill(alpha / M));
    this.actorAdam.apply([body, head].flatMap((g) => g.weight.flatMap((w, k) => [w, g.bias[k]])));
    // α toward the target entropy −A.
    const meanLogProb = pi.logProb.reduce((a, v) => a + v, 0) / M;
    this.alphaAdam.apply([new Float64Array([-(meanLogProb - A)])]);
    this.targets.forEach((t, c) => t.polyak(this.critics[c], tau));
    this.updates++;
  }

  /** The official schedule's update: ⌊batch·k/2⌋ rows with k = 1 + fill fraction. */
  train(buffer: ReplayBuffer, k: number): void {
    this.update(buffer.sample(Math.floor((this.settings.batch * k) / 2), this.random));
  }
}
