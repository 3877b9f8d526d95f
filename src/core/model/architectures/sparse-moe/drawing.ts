/**
 * One task's router in the network view: its gate bars (the mean routed weight of each expert),
 * its expert usage (the fraction of examples routed to each expert: the mean of the 0/1 routing
 * mask that Ops.loadBalance taps as 'routing') and the mixture the tower reads.
 */
import type { ModelConfig } from '../../../config/schema';
import type { NetworkDrawing } from '../../drawingTypes';
import { denseEdge, mixtureDrawing, INPUT_GROUP } from '../../drawing';

export function routerDrawing(
  config: ModelConfig,
  t: number,
  experts: string[],
  layer: number,
): NetworkDrawing {
  const gateId = `gate/t${t}`;
  const mixture = mixtureDrawing({
    gateId,
    gatePrefix: 'gate',
    gateTap: 'gates',
    mixId: `mixed/t${t}`,
    mixTap: 'mixed',
    slot: t,
    stream: INPUT_GROUP,
    experts,
    units: config.hidden[config.hidden.length - 1],
    layer,
    task: t,
    label: `task ${t + 1} top-${Math.min(config.moeK, config.experts)}`,
  });
  // The input -> gate edge reads the router's input kernel; a task-level router reads no input.
  const [, ...mixEdges] = mixture.edges;
  const input =
    config.moeGate === 'task'
      ? [denseEdge(INPUT_GROUP, gateId, 'gate', t)]
      : config.moeGate === 'embedding'
        ? [denseEdge(INPUT_GROUP, gateId, 'gate/input', 0)]
        : [];
  const usage = {
    id: `routing/t${t}`,
    kind: 'gate' as const,
    layer,
    units: experts.length,
    label: `task ${t + 1} expert usage (share of examples routed)`,
    tap: 'routing',
    slot: t,
    task: t,
  };
  return { groups: [...mixture.groups, usage], edges: [...input, ...mixEdges] };
}
