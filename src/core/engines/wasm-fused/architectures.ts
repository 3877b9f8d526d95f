/**
 * The dense-layer architectures on the fused engine's graph, each mirroring its tfjs forward in
 * src/core/model (same parameter names, same order of operations). An architecture missing here
 * is not supported by the engine, which then says so (engine.ts) and the lab stays on tfjs.
 */
import type { ModelConfig } from '../../config/schema';
import type { ModelDims } from '../../model/types';
import type { GraphBuilder } from './builder';
import type { Node } from './graph';

type Plan = (g: GraphBuilder, x: Node, config: ModelConfig, dims: ModelDims) => Node;

function towers(g: GraphBuilder, z: Node, config: ModelConfig): Node {
  g.representation(z);
  const h = g.reluStack(z, 'towers', config.tower.length);
  return g.dense(h, 'output', false);
}

function progressive(levels: number): Plan {
  return (g, x, config, dims) => {
    const T = dims.tasks;
    const mk = config.taskExperts;
    const ms = config.sharedExperts;
    const layers = config.hidden.length;
    const experts = (prefix: string, stream: Node, m: number) =>
      g.reluStack(g.repeat(stream, 1, m), prefix, layers);
    let taskStreams = g.repeat(x, T, 1);
    let sharedStream = x;
    for (let j = 0; j < levels - 1; j++) {
      const taskEx = experts(`level${j}/task`, taskStreams, mk);
      const sharedEx = experts(`level${j}/shared`, sharedStream, ms);
      const candidates = g.concat(taskEx, g.repeat(sharedEx, T, 1), T);
      const taskGates = g.softmax(g.dense(taskStreams, `level${j}/taskGate`, false));
      taskStreams = g.mix(taskGates, candidates);
      const all = g.concat(taskEx, sharedEx, 1);
      sharedStream = g.mix(g.softmax(g.dense(sharedStream, `level${j}/sharedGate`, false)), all);
    }
    const j = levels - 1;
    const own = g.ownCopies(taskStreams);
    const taskEx = experts(`level${j}/task`, own, mk);
    const sharedEx = g.repeat(experts(`level${j}/shared`, sharedStream, ms), T, 1);
    const gates = g.softmax(g.dense(own, `level${j}/taskGate`, false));
    g.gates = gates;
    return towers(g, g.mix(gates, g.concat(taskEx, sharedEx, T)), config);
  };
}

export const FUSED_ARCHITECTURES: Record<string, Plan> = {
  'shared-bottom': (g, x, config) =>
    towers(g, g.reluStack(x, 'trunk', config.hidden.length), config),
  stl: (g, x, config) => towers(g, g.reluStack(x, 'columns', config.hidden.length), config),
  mmoe: (g, x, config) => {
    const experts = g.reluStack(x, 'experts', config.hidden.length);
    const gates = g.softmax(g.dense(x, 'gate', false));
    g.gates = gates;
    return towers(g, g.mix(gates, experts), config);
  },
  cgc: progressive(1),
  ple: (g, x, config, dims) => progressive(config.levels)(g, x, config, dims),
  'cross-stitch': (g, x, config) => {
    let h = x;
    config.hidden.forEach((_, l) => {
      h = g.stitch(g.dense(h, `columns/${l}`, true), `stitch/${l}`);
    });
    return towers(g, g.ownCopies(h), config);
  },
};
