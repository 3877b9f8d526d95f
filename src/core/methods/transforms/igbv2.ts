/**
 * IGBv2, improvable gap balancing by reinforcement learning (reference seed-systems §1.2; official
 * code YanqiDai/IGB4MTL, ImprovableGapBalancing_v2 and methods/SAC_Agent.py; read, not copied).
 * The loss is Σ w_i·log ℓ_i like IGBv1, but the detached weights w are the action of a soft
 * actor-critic agent (sac/sac.ts) whose state is the step's raw batch-loss vector ℓ(t).
 *
 * Each step t, as the official get_weighted_losses does it:
 *   1. once ℓ_base exists (baseWindow.ts, as IGBv1), store the transition (ℓ(t−1), w(t−1), r, ℓ(t))
 *      with reward r = min_i (ℓ_i(t−1) − ℓ_i(t))/ℓ_base,i, the relative drop of the task that
 *      improved least;
 *   2. from step update_after·B on (B = steps per epoch), every update_every steps: ⌊update_every·k/2⌋
 *      SAC updates on minibatches of ⌊256·k/2⌋ transitions, k = 1 + buffer fill fraction;
 *   3. weights: for the first start_epoch·B steps RLW-style random T·softmax(N(0, I)), then the
 *      agent's stochastic action T·softmax(u), u ~ N(μ(ℓ(t)), σ(ℓ(t))).
 * Official defaults: start_epoch 5, update_after 3, update_every 50, SAC lr 3e-4, buffer 10⁴,
 * networks (128, 128), γ 0.99, τ 0.005, α₀ 0.2 adaptive toward entropy −T, base epoch 1.
 *
 * Choices of ours, documented: the agent's networks are plain loops on the host (sac/mlp.ts, float64)
 * over the losses the step already read back, so IGBv2 adds no GPU work and no readback, and is
 * deterministic for the run's seed on every backend (the random weights, the network initialisation,
 * the policy noise and the minibatches all come from the method's seeded generator). The reward scale is 1: the official NYUv2 trainer multiplies by lr₀/lr for its step
 * decay, and the lab's learning rate is constant. With an empty buffer (a base set after update_after)
 * an update is skipped; the official code would fail to sample. A non-finite loss vector is not
 * stored and gets weights 1 (our guard). The SAC updates run inside the step that triggers them:
 * on the official schedule 25 to 50 minibatch updates every 50 steps. Cost: one update of
 * 128 transitions is about 36 million multiply-adds at width 128 and T = 3 (190 ms measured in Node
 * on a shared 2-core machine at load 17; README), so the SAC updates dominate the step time; the
 * width is an option of ours (`sac_hidden`, official 128) and the cost falls with its square.
 */
import { normalSampler } from '../random';
import { numberOption, ones, softmax } from '../common';
import type { OptionSpec } from '../types';
import { createBaseWindow } from './baseWindow';
import { IGB_OPTIONS, igbState } from './igbv1';
import { ReplayBuffer } from './sac/replay';
import { SAC_DEFAULTS, SacAgent } from './sac/sac';
import { logLossStep, type LossTransformDefinition } from './types';

const integer = (
  key: string,
  label: string,
  help: string,
  value: number,
  min: number,
  max: number,
): OptionSpec => ({ key, label, help, default: value, kind: 'integer', min, max, step: 1 });

export const IGBV2_OPTIONS: OptionSpec[] = [
  ...IGB_OPTIONS,
  integer(
    'sac_start_epoch',
    'random weights until epoch',
    'Before this epoch the weights are random, T·softmax(N(0, I)), as in RLW (official: 5).',
    5,
    0,
    1000,
  ),
  integer(
    'sac_update_after',
    'agent trains from epoch',
    'The SAC agent’s first update is at this epoch (official: 3).',
    3,
    0,
    1000,
  ),
  integer(
    'sac_update_every',
    'update every (steps)',
    'Steps between SAC updates; each does about this many/2 to this many minibatch steps (official: 50).',
    50,
    1,
    10000,
  ),
  {
    key: 'sac_lr',
    label: 'SAC learning rate',
    help: 'Adam learning rate of the actor, the critics and the entropy coefficient (official: 3e-4).',
    default: 3e-4,
    kind: 'number',
    min: 1e-6,
    max: 1,
    step: 1e-5,
  },
  integer(
    'sac_hidden',
    'agent width',
    'Units in each of the two hidden layers of the actor and of each critic (official: 128). The SAC updates cost about width² per transition, so a smaller width trains the agent faster.',
    128,
    4,
    256,
  ),
  integer(
    'sac_buffer',
    'replay buffer',
    'Most transitions kept; the oldest is overwritten (official: 10000).',
    10000,
    1,
    100000,
  ),
];

/** r = min_i (previous_i − current_i)/base_i: the relative loss drop of the worst-improving task. */
export function igbReward(
  previous: ArrayLike<number>,
  current: ArrayLike<number>,
  base: ArrayLike<number>,
): number {
  let reward = Infinity;
  for (let i = 0; i < current.length; i++)
    reward = Math.min(reward, (previous[i] - current[i]) / base[i]);
  return reward;
}

const finite = (v: ArrayLike<number>) => Array.from(v).every(Number.isFinite);

export const igbv2Transform: LossTransformDefinition = {
  id: 'igbv2',
  label: 'IGBv2',
  summary:
    'Trains on weighted log-losses like IGBv1, but a small reinforcement-learning agent (soft ' +
    'actor-critic) picks the weights: it sees the batch losses and is rewarded by the relative loss ' +
    'drop of the task that improved least. The first epochs use random weights while it collects ' +
    'experience.',
  experimental:
    'Experimental: the agent learns from one transition per step, so a short run gives it few ' +
    'transitions and its weights stay close to random.',
  citation: 'Y. Dai, N. Fei, Z. Lu, "Improvable Gap Balancing for Multi-Task Learning", UAI 2023',
  options: IGBV2_OPTIONS,
  create({ tasks, options, random }) {
    const window = createBaseWindow(
      tasks,
      numberOption(options, 'base_epoch'),
      numberOption(options, 'base_epochs'),
    );
    const startEpoch = numberOption(options, 'sac_start_epoch');
    const updateAfter = numberOption(options, 'sac_update_after');
    const updateEvery = numberOption(options, 'sac_update_every');
    const normal = normalSampler(random);
    const width = numberOption(options, 'sac_hidden');
    const agent = new SacAgent(
      {
        ...SAC_DEFAULTS,
        hidden: [width, width],
        stateDim: tasks,
        actionDim: tasks,
        learningRate: numberOption(options, 'sac_lr'),
      },
      random,
    );
    const buffer = new ReplayBuffer(numberOption(options, 'sac_buffer'), tasks, tasks);
    let base: Float64Array | null = null;
    let previous: { losses: Float64Array; weights: Float64Array } | null = null;
    let reward = NaN;
    let agentActs = false;
    return {
      apply(step, stepsPerEpoch, raw) {
        const losses = Float64Array.from(raw);
        base = window.see(step, stepsPerEpoch, losses);
        if (base && previous && finite(previous.losses) && finite(losses)) {
          reward = igbReward(previous.losses, losses, base);
          buffer.add(previous.losses, previous.weights, reward, losses);
        }
        if (step >= updateAfter * stepsPerEpoch && step % updateEvery === 0 && buffer.size > 0) {
          const k = 1 + buffer.size / buffer.capacity;
          for (let n = 0; n < Math.floor((updateEvery * k) / 2); n++) agent.train(buffer, k);
        }
        agentActs = step >= startEpoch * stepsPerEpoch;
        const weights = agentActs
          ? finite(losses)
            ? agent.act(losses)
            : ones(tasks)
          : softmax(Array.from({ length: tasks }, normal)).map((p) => tasks * p);
        previous = { losses, weights };
        return logLossStep(weights, losses);
      },
      state() {
        const last = previous ?? { weights: ones(tasks), losses: ones(tasks) };
        return {
          ...igbState(last.weights, last.losses, base),
          igbAgent: [agentActs ? 1 : 0],
          igbReward: Number.isFinite(reward) ? [reward] : [],
          igbBuffer: [buffer.size],
          igbSacUpdates: [agent.updates],
          igbAlpha: [agent.alpha],
        };
      },
    };
  },
};
