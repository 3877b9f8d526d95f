/**
 * Colour maps for matrices. The diverging map runs orange (−) through near-white (0) to blue (+):
 * the ColorBrewer PuOr/RdBu end colours, readable with the common colour-vision deficiencies.
 */
import { interpolateRgbBasis } from 'd3';

export const DIVERGING_STOPS = [
  '#b35806',
  '#e08214',
  '#fdb863',
  '#f7f7f7',
  '#92c5de',
  '#4393c3',
  '#2166ac',
] as const;

/** t in [0, 1]: 0 = strongly negative (orange), 0.5 = zero, 1 = strongly positive (blue). */
export const interpolateBlueOrange = interpolateRgbBasis([...DIVERGING_STOPS]);

/** Sequential white -> blue for shares and weights in [0, 1]. */
export const interpolateShare = interpolateRgbBasis(['#f7fbff', '#9ecae1', '#4292c6', '#08306b']);
