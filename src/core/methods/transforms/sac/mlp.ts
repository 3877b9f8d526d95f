/**
 * A small dense network on the host (Float64Array, row-major), with its backward pass and Adam:
 * the networks of IGBv2's soft actor-critic (sac.ts). They are a few thousand weights fed with
 * T-vectors of batch losses that the step has already read back, so they run as plain loops in the
 * worker beside the model: no GPU dispatch, no readback, and every number is deterministic for a
 * seed on every backend. Initialisation and Adam follow PyTorch's defaults (nn.Linear: weights and
 * biases U(−1/√fan_in, 1/√fan_in); Adam β = (0.9, 0.999), ε = 1e-8, bias-corrected), as the
 * official IGB4MTL agent uses them.
 */

export interface Dense {
  inputs: number;
  outputs: number;
  /** [inputs, outputs], row-major. */
  weight: Float64Array;
  bias: Float64Array;
}

/** What the backward pass needs from a forward pass over n rows. */
export interface MlpCache {
  rows: number;
  /** The input of every layer ([rows, layer.inputs]); the last entry is the output. */
  activations: Float64Array[];
}

export interface MlpGrads {
  weight: Float64Array[];
  bias: Float64Array[];
}

export function denseLayer(inputs: number, outputs: number, random: () => number): Dense {
  const bound = 1 / Math.sqrt(inputs);
  const draw = () => (2 * random() - 1) * bound;
  return {
    inputs,
    outputs,
    weight: Float64Array.from({ length: inputs * outputs }, draw),
    bias: Float64Array.from({ length: outputs }, draw),
  };
}

/** A ReLU network: ReLU after every layer but the last, whose activation is `lastRelu`. */
export class Mlp {
  constructor(
    readonly layers: Dense[],
    private readonly lastRelu = false,
  ) {}

  static create(sizes: readonly number[], random: () => number, lastRelu = false): Mlp {
    const layers = sizes.slice(1).map((n, k) => denseLayer(sizes[k], n, random));
    return new Mlp(layers, lastRelu);
  }

  get inputs(): number {
    return this.layers[0].inputs;
  }

  get outputs(): number {
    return this.layers[this.layers.length - 1].outputs;
  }

  clone(): Mlp {
    return new Mlp(
      this.layers.map((l) => ({ ...l, weight: l.weight.slice(), bias: l.bias.slice() })),
      this.lastRelu,
    );
  }

  private relu(k: number): boolean {
    return k < this.layers.length - 1 || this.lastRelu;
  }

  forward(x: Float64Array, rows: number): MlpCache {
    const activations = [x];
    let input = x;
    this.layers.forEach((layer, k) => {
      const { inputs, outputs, weight, bias } = layer;
      const out = new Float64Array(rows * outputs);
      for (let r = 0; r < rows; r++) {
        const o = r * outputs;
        out.set(bias, o);
        for (let i = 0; i < inputs; i++) {
          const v = input[r * inputs + i];
          if (v === 0) continue;
          const w = i * outputs;
          for (let j = 0; j < outputs; j++) out[o + j] += v * weight[w + j];
        }
      }
      if (this.relu(k)) for (let q = 0; q < out.length; q++) if (out[q] < 0) out[q] = 0;
      activations.push(out);
      input = out;
    });
    return { rows, activations };
  }

  /**
   * Backward from dOut [rows, outputs] (the gradient of the loss at the network's output): the
   * input gradient, and the parameter gradients unless `params` is false (a frozen critic).
   */
  backward(
    cache: MlpCache,
    dOut: Float64Array,
    params = true,
  ): { input: Float64Array; grads: MlpGrads | null } {
    const { rows, activations } = cache;
    const grads: MlpGrads = { weight: [], bias: [] };
    let delta = dOut;
    for (let k = this.layers.length - 1; k >= 0; k--) {
      const { inputs, outputs, weight } = this.layers[k];
      const out = activations[k + 1];
      if (this.relu(k)) {
        delta = delta.slice();
        for (let q = 0; q < delta.length; q++) if (out[q] <= 0) delta[q] = 0;
      }
      const input = activations[k];
      if (params) {
        const gW = new Float64Array(inputs * outputs);
        const gB = new Float64Array(outputs);
        for (let r = 0; r < rows; r++) {
          const d = r * outputs;
          for (let j = 0; j < outputs; j++) gB[j] += delta[d + j];
          for (let i = 0; i < inputs; i++) {
            const v = input[r * inputs + i];
            if (v === 0) continue;
            const w = i * outputs;
            for (let j = 0; j < outputs; j++) gW[w + j] += v * delta[d + j];
          }
        }
        grads.weight[k] = gW;
        grads.bias[k] = gB;
      }
      const back = new Float64Array(rows * inputs);
      for (let r = 0; r < rows; r++) {
        const d = r * outputs;
        for (let i = 0; i < inputs; i++) {
          const w = i * outputs;
          let s = 0;
          for (let j = 0; j < outputs; j++) s += weight[w + j] * delta[d + j];
          back[r * inputs + i] = s;
        }
      }
      delta = back;
    }
    return { input: delta, grads: params ? grads : null };
  }

  /** Polyak averaging toward `source`: θ ← τ·θ_source + (1 − τ)·θ. */
  polyak(source: Mlp, tau: number): void {
    this.layers.forEach((layer, k) => {
      const from = source.layers[k];
      for (let q = 0; q < layer.weight.length; q++)
        layer.weight[q] = tau * from.weight[q] + (1 - tau) * layer.weight[q];
      for (let q = 0; q < layer.bias.length; q++)
        layer.bias[q] = tau * from.bias[q] + (1 - tau) * layer.bias[q];
    });
  }
}

/** Adam over a list of parameter arrays (PyTorch's defaults, no weight decay). */
export class Adam {
  private step = 0;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];

  constructor(
    private readonly params: Float64Array[],
    private readonly lr: number,
  ) {
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
  }

  static forMlp(net: Mlp, lr: number): Adam {
    return new Adam(
      net.layers.flatMap((l) => [l.weight, l.bias]),
      lr,
    );
  }

  apply(grads: Float64Array[]): void {
    const b1 = 0.9;
    const b2 = 0.999;
    this.step++;
    const c1 = 1 - b1 ** this.step;
    const c2 = 1 - b2 ** this.step;
    this.params.forEach((p, k) => {
      const g = grads[k];
      const m = this.m[k];
      const v = this.v[k];
      for (let q = 0; q < p.length; q++) {
        m[q] = b1 * m[q] + (1 - b1) * g[q];
        v[q] = b2 * v[q] + (1 - b2) * g[q] * g[q];
        p[q] -= (this.lr * (m[q] / c1)) / (Math.sqrt(v[q] / c2) + 1e-8);
      }
    });
  }

  /** Apply the gradients of an Mlp (weights and biases, layer by layer). */
  applyMlp(grads: MlpGrads): void {
    this.apply(grads.weight.flatMap((w, k) => [w, grads.bias[k]]));
  }
}
