/**
 * Okabe–Ito colours (Okabe & Ito, "Color Universal Design", 2008): distinguishable under the
 * common colour-vision deficiencies. Yellow is left out because it is unreadable on white; black
 * is used for task 8. Train and test are told apart by line style, not colour.
 */
export const OKABE_ITO = [
  '#E69F00', // orange
  '#0072B2', // blue
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#56B4E9', // sky blue
  '#CC79A7', // reddish purple
  '#8C6D00', // dark yellow (Okabe–Ito yellow darkened for contrast on white)
  '#000000', // black
] as const;

export function taskColor(task: number): string {
  return OKABE_ITO[task % OKABE_ITO.length];
}

/** Test curves are dashed; this dash pattern is also used in the legend. */
export const TEST_DASH = '5 4';
