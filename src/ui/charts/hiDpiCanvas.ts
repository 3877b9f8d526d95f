/**
 * A canvas sized for the screen's pixel ratio: its backing store is width × height device pixels
 * and its 2-D context draws in CSS pixels. Null when the canvas or its context is missing.
 */
export function hiDpiContext(
  canvas: HTMLCanvasElement | null,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const context = canvas?.getContext('2d');
  if (!canvas || !context) return null;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  return context;
}
