/**
 * Chart export: an SVG chart is cloned with its computed presentation styles inlined (so the file
 * looks the same outside the page); a canvas chart becomes an SVG holding its pixels as <image>.
 * PNG goes through a canvas. Only blob: and data: URLs are used (no eval, no network).
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  const style = STYLE_PROPERTIES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
  target.setAttribute('style', style);
  const from = source.children;
  const to = target.children;
  for (let i = 0; i < from.length && i < to.length; i++) inlineStyles(from[i], to[i]);
}

export function svgMarkup(element: SVGSVGElement | HTMLCanvasElement): string {
  if (element instanceof HTMLCanvasElement) {
    const width = element.clientWidth || element.width;
    const height = element.clientHeight || element.height;
    return (
      `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
      `<image width="${width}" height="${height}" href="${element.toDataURL('image/png')}"/></svg>`
    );
  }
  const clone = element.cloneNode(true) as SVGSVGElement;
  inlineStyles(element, clone);
  const box = element.getBoundingClientRect();
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(Math.round(box.width)));
  clone.setAttribute('height', String(Math.round(box.height)));
  clone.setAttribute('style', `${clone.getAttribute('style') ?? ''};background:#ffffff`);
  return new XMLSerializer().serializeToString(clone);
}

function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    ),
  );
}

/** PNG at twice the on-screen size, on white. */
export async function pngBlob(element: SVGSVGElement | HTMLCanvasElement): Promise<Blob> {
  if (element instanceof HTMLCanvasElement) return canvasBlob(element);
  const url = URL.createObjectURL(new Blob([svgMarkup(element)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, image.width * scale);
    canvas.height = Math.max(1, image.height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2-D canvas');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await canvasBlob(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The chart inside a container: an element marked data-export, else its first svg or canvas. */
export function findChart(container: HTMLElement): SVGSVGElement | HTMLCanvasElement | null {
  const marked = container.querySelector('[data-export]');
  if (marked instanceof SVGSVGElement || marked instanceof HTMLCanvasElement) return marked;
  return container.querySelector('canvas') ?? container.querySelector('svg:not(.color-legend svg)');
}
