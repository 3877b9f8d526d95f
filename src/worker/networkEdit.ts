/**
 * A weight typed into the network view (issue 18 §4): the engine takes the edited weights over
 * and the run goes on from them; the returned change is marked in the run's history like a live
 * setting, so the loss chart shows where the person stepped in.
 */
import type { LabConfig } from '../core/config/schema';
import { getArchitecture, modelDims } from '../core/model/registry';
import { editWeight, type WeightEditRequest } from '../core/network/weightEdit';
import type { Trainer } from '../core/train/api';
import type { RunChange } from './protocol';

export async function editNetworkWeight(
  trainer: Trainer,
  config: LabConfig,
  request: WeightEditRequest,
): Promise<RunChange> {
  const drawing = getArchitecture(config.model.architecture).drawing(
    config.model,
    modelDims(trainer.dataset),
  );
  const { weights, address, before } = editWeight(await trainer.exportWeights(), drawing, request);
  await trainer.importWeights(weights);
  const label = (id: string) => drawing.groups.find((g) => g.id === id)?.label ?? id;
  const link =
    drawing.edges[request.edge].weights.kind === 'scalar'
      ? `${label(request.from)} → ${label(request.to)}`
      : `${label(request.from)} #${request.fromUnit + 1} → ${label(request.to)} #${request.toUnit + 1}`;
  return {
    kind: 'live',
    step: trainer.step,
    text: `weight ${link} set from ${before.toFixed(3)} to ${request.value} (${address.param}[${address.index}]; same network, from step ${trainer.step})`,
  };
}
