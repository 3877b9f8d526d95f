import { useState, type RefObject } from 'react';
import { downloadBlob } from '../common/download';
import { findChart, pngBlob, svgMarkup } from './chartExport';
import { errorMessage } from '../../core/errorMessage';

interface ChartExportProps {
  /** The element that holds the chart. */
  target: RefObject<HTMLElement | null>;
  /** File name without extension, also used in the buttons' accessible names. */
  name: string;
}

/** "SVG" and "PNG" buttons that download the chart in `target`. */
export function ChartExport({ target, name }: ChartExportProps) {
  const [error, setError] = useState<string | null>(null);
  const run = async (format: 'svg' | 'png') => {
    const chart = target.current ? findChart(target.current) : null;
    if (!chart) return setError('nothing to export yet');
    try {
      const blob =
        format === 'svg'
          ? new Blob([svgMarkup(chart)], { type: 'image/svg+xml' })
          : await pngBlob(chart);
      downloadBlob(blob, `${name}.${format}`);
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const label = name.replace(/-/g, ' ');
  return (
    <span className="chart-export">
      <button
        type="button"
        className="button button-small"
        onClick={() => run('svg')}
        aria-label={`Export ${label} as SVG`}
      >
        SVG
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={() => run('png')}
        aria-label={`Export ${label} as PNG`}
      >
        PNG
      </button>
      {error && (
        <span role="alert" className="chart-export-error">
          {error}
        </span>
      )}
    </span>
  );
}
