/**
 * Where the data comes from: the generator, or a person's CSV (drag and drop or file picker,
 * parsed in the worker with a progress bar, then the mapping step). A file that cannot be read
 * shows its row and column here, and the loaded data stays. Also: export the loaded dataset.
 */
import { useState, type DragEvent } from 'react';
import { useDataStudioStore } from '../../../state/dataStudioStore';
import { useRunStore } from '../../../state/runStore';
import { CsvMappingForm } from './CsvMappingForm';
import { useDataStudio } from './DataStudioContext';
import { downloadFile } from '../../common/download';
import './dataStudio.css';

export function DataSourcePanel() {
  const studio = useDataStudio();
  const origin = useDataStudioStore((state) => state.view?.origin ?? null);
  const view = useDataStudioStore((state) => state.view);
  const phase = useDataStudioStore((state) => state.importPhase);
  const progress = useDataStudioStore((state) => state.progress);
  const preview = useDataStudioStore((state) => state.preview);
  const error = useDataStudioStore((state) => state.importError);
  const busy = useRunStore((state) => state.busy);
  const [dragging, setDragging] = useState(false);
  const [exportNote, setExportNote] = useState('');

  const open = (file: File | undefined) => {
    if (file) void studio.openFile(file, file.name);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    open(event.dataTransfer.files[0]);
  };
  const exportData = async () => {
    const result = await studio.exportDataset();
    downloadFile(`${result.baseName}.csv`, result.csv, 'text/csv');
    downloadFile(
      `${result.baseName}.meta.json`,
      `${JSON.stringify(result.sidecar, null, 2)}\n`,
      'application/json',
    );
    setExportNote(`Saved ${result.baseName}.csv and ${result.baseName}.meta.json`);
  };

  return (
    <section className="panel" aria-labelledby="data-source-title">
      <h2 id="data-source-title">Data source</h2>
      {origin?.kind === 'csv' && view ? (
        <div className="source-state" data-testid="data-source" role="status">
          <p>
            <strong>Imported: {origin.name}</strong> ({view.rows.total.toLocaleString('en-US')}{' '}
            rows, {view.features} features, {view.taskNames.length} tasks). The generator settings
            below are not in use.
          </p>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void studio.backToGenerator()}
          >
            Back to generated data
          </button>
        </div>
      ) : (
        <p className="source-state" data-testid="data-source" role="status">
          Generated data (MultiTab-Bench, settings below).
        </p>
      )}
      {phase === 'mapping' && preview ? (
        <CsvMappingForm preview={preview} key={preview.fileName + preview.rows} />
      ) : (
        <div
          className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor="csv-file">Import your own CSV</label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            disabled={phase === 'parsing'}
            onChange={(event) => {
              open(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
          <p className="field-hint">or drop a file here. A header row is required.</p>
        </div>
      )}
      {phase === 'parsing' && progress && (
        <div className="import-progress">
          <progress max={1} value={progress.fraction} aria-label="Reading the CSV file" />
          <span>{progress.rows.toLocaleString('en-US')} rows read</span>
        </div>
      )}
      {error && (
        <div className="field-error" role="alert" data-testid="import-error">
          <p>The file could not be imported; the current data is kept.</p>
          <p>{error}</p>
        </div>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void exportData()}>
          Export dataset (CSV + JSON)
        </button>
        <span className="field-hint" role="status">
          {exportNote}
        </span>
      </div>
    </section>
  );
}
