import { useId, useState } from 'react';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { configJson, metricsCsv, metricsJson } from './exportTables';
import { downloadFile } from '../common/download';
import {
  exportPyTorch,
  exportWeights,
  importWeights,
  pytorchAvailable,
  readWeightFiles,
} from './modelActions';
import { errorMessage } from '../../core/errorMessage';

type Message = { kind: 'ok' | 'error'; text: string } | null;

/** Downloads of weights, code, metrics and config, and loading weights back in. */
export function ExportPanel() {
  const inputId = useId();
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const ready = useRunStore((s) => s.phase === 'ready');

  const act = async (work: () => Promise<string>): Promise<void> => {
    setBusy(true);
    try {
      setMessage({ kind: 'ok', text: await work() });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  const taskNames = (): string[] => {
    const tasks = useRunStore.getState().data?.tasks ?? [];
    return tasks.map((t) => t.name);
  };

  const downloads: { label: string; run(): Promise<string> }[] = [
    {
      label: 'Weights (TF.js)',
      async run() {
        const files = await exportWeights('tfjs');
        if (files instanceof Uint8Array) throw new Error('unexpected export');
        downloadFile('model.json', files.modelJson, 'application/json');
        downloadFile('weights.bin', files.weights, 'application/octet-stream');
        return 'Saved model.json and weights.bin.';
      },
    },
    {
      label: 'Weights (safetensors)',
      async run() {
        const bytes = await exportWeights('safetensors');
        if (!(bytes instanceof Uint8Array)) throw new Error('unexpected export');
        downloadFile('mtl-lab.safetensors', bytes, 'application/octet-stream');
        return 'Saved mtl-lab.safetensors.';
      },
    },
    {
      label: 'PyTorch script',
      async run() {
        downloadFile('mtl_lab_model.py', await exportPyTorch(), 'text/x-python');
        return 'Saved mtl_lab_model.py.';
      },
    },
    {
      label: 'Metrics (CSV)',
      async run() {
        downloadFile(
          'metrics.csv',
          metricsCsv(useRunStore.getState().history.points, taskNames()),
          'text/csv',
        );
        return 'Saved metrics.csv.';
      },
    },
    {
      label: 'Metrics (JSON)',
      async run() {
        downloadFile(
          'metrics.json',
          metricsJson(useRunStore.getState().history.points, taskNames()),
          'application/json',
        );
        return 'Saved metrics.json.';
      },
    },
    {
      label: 'Config (JSON)',
      async run() {
        downloadFile(
          'mtl-lab-config.json',
          configJson(useConfigStore.getState().config),
          'application/json',
        );
        return 'Saved mtl-lab-config.json.';
      },
    },
  ];

  const onFiles = (list: FileList | null): void => {
    const files = list ? Array.from(list) : [];
    if (files.length === 0) return;
    void act(async () => {
      const input = await readWeightFiles(files);
      if (typeof input === 'string') throw new Error(`Not loaded: ${input}`);
      const { format } = await importWeights(input).catch((error: unknown) => {
        throw new Error(`Not loaded: ${errorMessage(error)}`);
      });
      return `Loaded the ${format === 'tfjs' ? 'TF.js' : 'safetensors'} weights into the current model.`;
    });
  };

  return (
    <section className="panel export-panel" aria-labelledby="export-title">
      <h2 id="export-title">Export and import</h2>
      <div className="button-row">
        {downloads.map((d) => (
          <button
            key={d.label}
            type="button"
            className="button"
            disabled={!ready || busy || (d.label === 'PyTorch script' && !pytorchAvailable())}
            title={
              d.label === 'PyTorch script' && !pytorchAvailable()
                ? 'The PyTorch export is not in this build yet'
                : undefined
            }
            onClick={() => void act(d.run)}
          >
            {d.label}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor={inputId}>Load weights (.safetensors, or model.json with weights.bin)</label>
        <input
          id={inputId}
          type="file"
          multiple
          accept=".safetensors,.json,.bin"
          disabled={!ready || busy}
          onChange={(e) => {
            onFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {message && (
        <p
          className={message.kind === 'error' ? 'field-error' : 'export-ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
