/**
 * Initial parameter values, computed in JS from a seeded generator so that a weight seed gives the
 * same network on every backend and machine. Each parameter draws from its own stream derived
 * from its name, so adding a parameter does not change the others.
 */
import type { ParamSpec } from './types';
import { createNormal, createRandom, deriveSeed } from './random';

function fans(spec: ParamSpec): [number, number] {
  if (spec.fan) return spec.fan;
  const s = spec.shape;
  if (s.length >= 2) return [s[s.length - 2], s[s.length - 1]];
  return [s[0] ?? 1, s[0] ?? 1];
}

/**
 * Initial values of one parameter. With `sameForEveryTask`, a task-specific parameter (leading
 * T axis) gets task 0's draw in every task slice.
 */
export function initialValues(
  spec: ParamSpec,
  weightSeed: number,
  sameForEveryTask = false,
): Float32Array {
  if (sameForEveryTask && !spec.shared && spec.shape[0] > 1) {
    const [T, ...rest] = spec.shape;
    const one = initialValues({ ...spec, shape: [1, ...rest] }, weightSeed);
    const out = new Float32Array(one.length * T);
    for (let t = 0; t < T; t++) out.set(one, t * one.length);
    return out;
  }
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  const init = spec.init;
  switch (init.kind) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'stitch': {
      const T = spec.shape[spec.shape.length - 1];
      const off = T > 1 ? (1 - init.self) / (T - 1) : 0;
      for (let i = 0; i < size; i++) {
        const col = i % T;
        const row = Math.floor(i / T) % T;
        out[i] = T === 1 ? 1 : row === col ? init.self : off;
      }
      return out;
    }
    default: {
      const [fanIn, fanOut] = fans(spec);
      const std =
        init.kind === 'normal'
          ? init.std
          : init.kind === 'he'
            ? Math.sqrt(2 / fanIn)
            : Math.sqrt(2 / (fanIn + fanOut));
      const normal = createNormal(createRandom(deriveSeed(weightSeed, spec.name)));
      for (let i = 0; i < size; i++) out[i] = std * normal();
      return out;
    }
  }
}
