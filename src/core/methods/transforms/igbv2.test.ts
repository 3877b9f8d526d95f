/**
 * IGBv2 (reference seed-systems §1.2 and its "Test properties"): the reward, the replay buffer, the
 * soft actor-critic's hand-written gradients (against finite differences), the action simplex
 * {a > 0, Σa = T}, the random warm-up, the update schedule and determinism for a seed.
 */
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../random';
import type { MethodOptions } from '../types';
import { igbReward, igbv2Transform } from './igbv2';
import { Mlp } from './sac/mlp';
import { ReplayBuffer } from './sac/replay';
import { SAC_DEFAULTS, SacAgent } from './sac/sac';
import type { LossTransformInstance } from './types';

function transform(seed: number, options: MethodOptions = {}): LossTransformInstance {
  const defaults = Object.fromEntries(igbv2Transform.options.map((o) => [o.key, o.default]));
  return igbv2Transform.create({
    tasks: 3,
    options: { ...defaults, ...options },
    learningRate: 1e-3,
    random: seededUniform(seed),
  });
}

/** Losses that fall along a noisy path, task 2 slower: a stand-in for training. */
function lossesAt(step: number, wobble = 0): Float64Array {
  return Float64Array.from(
    [1, 2, 0.5],
    (l, i) =>
      l * Math.exp(-step * (i === 2 ? 0.002 : 0.01)) * (1 + 0.05 * Math.sin(3 * step + i + wobble)),
  );
}

const SHORT = { base_epoch: 0, sac_start_epoch: 2, sac_update_after: 1, sac_update_every: 5 };

describe('IGBv2', () => {
  it('reward = min_i (ℓ_i(t−1) − ℓ_i(t))/ℓ_base,i: 0.1 when every loss fell by 10% of its base', () => {
    const base = [2, 0.5, 4];
    const previous = [1.5, 0.4, 3];
    expect(
      igbReward(
        previous,
        previous.map((l, i) => l - 0.1 * base[i]),
        base,
      ),
    ).toBeCloseTo(0.1, 12);
    // The worst-improving task decides, and a task that got worse makes the reward negative.
    expect(igbReward([1, 1, 1], [0.5, 0.9, 1.2], [1, 1, 2])).toBeCloseTo(-0.1, 12);
  });

  it('the replay buffer keeps the newest `capacity` transitions and samples only stored ones', () => {
    const buffer = new ReplayBuffer(3, 2, 2);
    for (let k = 0; k < 5; k++) buffer.add([k, k], [1, 1], k, [k + 1, k + 1]);
    expect(buffer.size).toBe(3);
    // Transitions 0 and 1 were overwritten by 3 and 4 (a ring).
    expect([0, 1, 2].map((k) => buffer.at(k).reward)).toEqual([3, 4, 2]);
    expect(buffer.at(1)).toEqual({ state: [4, 4], action: [1, 1], reward: 4, next: [5, 5] });
    const batch = buffer.sample(200, seededUniform(1));
    const rewards = new Set(batch.rewards);
    expect([...rewards].sort()).toEqual([2, 3, 4]);
    for (let r = 0; r < 200; r++) expect(batch.next[2 * r]).toBe(batch.states[2 * r] + 1);
    expect(() => new ReplayBuffer(4, 1, 1).sample(1, seededUniform(1))).toThrow(/empty/);
  });

  it('the networks’ hand-written gradients match finite differences (critic and actor)', () => {
    const random = seededUniform(4);
    const agent = new SacAgent(
      { ...SAC_DEFAULTS, hidden: [6, 5], stateDim: 3, actionDim: 3 },
      random,
    );
    const M = 4;
    const states = Float64Array.from({ length: M * 3 }, () => random());
    const noise = Float64Array.from({ length: M * 3 }, () => 2 * random() - 1);
    // Critic: L = Σ_r q(s_r)·c_r, dL/dq = c.
    const critic = agent.critics[0];
    const input = Float64Array.from({ length: M * 6 }, () => random());
    const c = Float64Array.from({ length: M }, () => random() - 0.5);
    const criticLoss = () =>
      critic.forward(input, M).activations[3].reduce((a, q, r) => a + q * c[r], 0);
    const criticGrads = critic.backward(critic.forward(input, M), c).grads!;
    checkFiniteDifferences(critic, criticGrads.weight, criticLoss);
    // Actor: L = Σ_r (α logπ_r + Σ_j a_rj·v_j) with fixed noise, through the softmax, the clamp
    // and the tanh correction.
    const v = [0.3, -1.2, 0.7];
    const alpha = 0.37;
    const actorLoss = () => {
      const pi = agent.policy(states, M, noise);
      return pi.logProb.reduce(
        (a, lp, r) => a + alpha * lp + v.reduce((s, vj, j) => s + vj * pi.actions[r * 3 + j], 0),
        0,
      );
    };
    const pi = agent.policy(states, M, noise);
    const dA = Float64Array.from({ length: M * 3 }, (_, q) => v[q % 3]);
    const [body, head] = agent.actorBackward(pi, dA, new Float64Array(M).fill(alpha));
    checkFiniteDifferences(agent.head, head.weight, actorLoss);
    checkFiniteDifferences(agent.body, body.weight, actorLoss);
  });

  it('every action is on {a > 0, Σa = T}, before and after the agent has trained', () => {
    const agent = new SacAgent({ ...SAC_DEFAULTS, stateDim: 4, actionDim: 4 }, seededUniform(2));
    const buffer = new ReplayBuffer(100, 4, 4);
    const random = seededUniform(3);
    for (let k = 0; k < 60; k++) {
      const s = Array.from({ length: 4 }, () => 3 * random());
      buffer.add(
        s,
        agent.act(s),
        random() - 0.5,
        s.map((x) => 0.9 * x),
      );
    }
    for (let n = 0; n < 3; n++) agent.train(buffer, 1.5);
    expect(agent.updates).toBe(3);
    for (let k = 0; k < 50; k++) {
      const a = agent.act(Array.from({ length: 4 }, () => 10 * random()));
      a.forEach((x) => expect(x).toBeGreaterThan(0));
      expect(a.reduce((s, x) => s + x, 0)).toBeCloseTo(4, 12);
    }
  });

  it('random warm-up: RLW weights that ignore the losses until start_epoch·B, then the agent’s', () => {
    // update_after ≥ start_epoch: no SAC update in the warm-up, so both runs draw the same noise.
    const options = { ...SHORT, sac_update_after: 2 };
    const a = transform(7, options);
    const b = transform(7, options);
    const B = 10;
    for (let step = 0; step < 2 * B; step++) {
      const wa = a.apply(step, B, lossesAt(step)).weights;
      const wb = b.apply(step, B, lossesAt(step, 1.5)).weights;
      expect(Array.from(wa)).toEqual(Array.from(wb));
      wa.forEach((w) => expect(w).toBeGreaterThan(0));
      expect(wa.reduce((s, w) => s + w, 0)).toBeCloseTo(3, 12);
      expect(a.state!().igbAgent).toEqual([0]);
    }
    // From step 2B the agent acts on the state (the losses), so different losses differ.
    const wa = a.apply(2 * B, B, lossesAt(2 * B)).weights;
    const wb = b.apply(2 * B, B, lossesAt(2 * B, 1.5)).weights;
    expect(a.state!().igbAgent).toEqual([1]);
    expect(Array.from(wa)).not.toEqual(Array.from(wb));
    expect(wa.reduce((s, w) => s + w, 0)).toBeCloseTo(3, 12);
  });

  it('stores a transition per step once the base exists, and updates on the official schedule', () => {
    const t = transform(1, { base_epoch: 1, sac_update_after: 3, sac_update_every: 7 });
    const B = 5;
    for (let step = 0; step < 40; step++) {
      const result = t.apply(step, B, lossesAt(step));
      // The transform hands the method w·log ℓ with c = w/ℓ.
      result.losses.forEach((l, i) =>
        expect(l).toBeCloseTo(result.weights[i] * Math.log(lossesAt(step)[i]), 12),
      );
      const state = t.state!();
      // The base is the mean of epoch 1 (steps 5..9), set at step 10, whose transition
      // (ℓ(9), w(9), r, ℓ(10)) is the first one stored.
      expect(state.igbBuffer[0]).toBe(Math.max(0, step - 9));
      // Updates at steps 21, 28, 35 (≥ 3·B and a multiple of 7): ⌊7·k/2⌋ = 3 minibatch steps each.
      const updates = [21, 28, 35].filter((s) => s <= step).length;
      expect(state.igbSacUpdates[0]).toBe(3 * updates);
    }
    const base = t.state!().igbBase;
    const expected = [5, 6, 7, 8, 9].reduce(
      (a, s) => a.map((v, i) => v + lossesAt(s)[i] / 5),
      [0, 0, 0],
    );
    base.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const weightsOf = (seed: number) => {
      const t = transform(seed, SHORT);
      return Array.from({ length: 60 }, (_, step) =>
        Array.from(t.apply(step, 8, lossesAt(step)).weights),
      ).flat();
    };
    const first = weightsOf(11);
    expect(weightsOf(11)).toEqual(first);
    expect(weightsOf(12)).not.toEqual(first);
  });

  it('the options default to the official values', () => {
    const defaults = Object.fromEntries(igbv2Transform.options.map((o) => [o.key, o.default]));
    expect(defaults).toEqual({
      base_epoch: 1,
      base_epochs: 1,
      sac_start_epoch: 5,
      sac_update_after: 3,
      sac_update_every: 50,
      sac_lr: 3e-4,
      sac_hidden: 128,
      sac_buffer: 10000,
    });
  });
});

/** Every weight's analytic gradient against a central difference of `loss`. */
function checkFiniteDifferences(net: Mlp, grads: Float64Array[], loss: () => number) {
  const h = 1e-6;
  net.layers.forEach((layer, k) => {
    for (let q = 0; q < layer.weight.length; q++) {
      const keep = layer.weight[q];
      layer.weight[q] = keep + h;
      const up = loss();
      layer.weight[q] = keep - h;
      const down = loss();
      layer.weight[q] = keep;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(grads[k][q] - numeric), `layer ${k} weight ${q}`).toBeLessThan(
        1e-5 * (1 + Math.abs(numeric)),
      );
    }
  });
}
