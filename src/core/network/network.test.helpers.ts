/** Test support for the network view's link tests: a plain x1 × x2 plane and a model's view. */
import type { ModelState } from '../train/modelState';
import type { Plane } from './plane';
import type { ViewModel } from './view';

export function unitPlane(features: number): Plane {
  const axis = (k: number) => Array.from({ length: features }, (_, d) => (d === k ? 1 : 0));
  return {
    kind: 'features',
    axes: [0, 1],
    labels: ['x1', 'x2'],
    origin: new Array<number>(features).fill(0),
    u: axis(0),
    v: axis(1),
    extent: [1, 1],
  };
}

export function viewModelOf(model: ModelState): ViewModel {
  return { ...model, specs: model.specs, values: model.variables, arch: model.arch };
}
