/** The stdout / README table: one line per (config, backend), lab next to naive, with ratios. */
import type { BenchResults, BenchRow } from './types';

const fmt = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);

function pair(rows: BenchRow[]): Array<{ lab?: BenchRow; naive?: BenchRow }> {
  const keys = [...new Set(rows.map((r) => `${r.config}|${r.backend}`))];
  return keys.map((key) => {
    const [config, backend] = key.split('|');
    const find = (impl: string) =>
      rows.find((r) => r.config === config && r.backend === backend && r.impl === impl);
    return { lab: find('lab'), naive: find('naive') };
  });
}

export function formatTable(results: BenchResults): string {
  const head =
    '| config | backend | lab steps/s | naive steps/s | speed-up | lab ms/step | lab dispatches/step | naive dispatches/step | lab allocs/step | lab tensors before→after | naive tensors before→after |';
  const sep =
    '|' +
    head
      .split('|')
      .slice(1, -1)
      .map(() => '---')
      .join('|') +
    '|';
  const lines = pair(results.results).map(({ lab, naive }) => {
    const any = (lab ?? naive)!;
    const ratio = lab && naive ? lab.stepsPerSecond / naive.stepsPerSecond : null;
    const mem = (r?: BenchRow) => (r ? `${r.tensorsBefore}→${r.tensorsAfter}` : '–');
    return `| ${any.config} | ${any.backend} | ${fmt(lab?.stepsPerSecond)} | ${fmt(naive?.stepsPerSecond)} | ${ratio === null ? '–' : `${fmt(ratio, 2)}×`} | ${fmt(lab?.msPerStep, 2)} | ${fmt(lab?.dispatchesPerStep)} | ${fmt(naive?.dispatchesPerStep)} | ${fmt(lab?.allocationsPerStep, 2)} | ${mem(lab)} | ${mem(naive)} |`;
  });
  const m = results.machine;
  const machine = `Machine: ${m.cpu} (${m.cores} cores), ${m.os}; ${m.browser}; WebGPU adapter: ${m.adapter ?? 'none'}; runner: ${m.runner}; ${results.quick ? 'quick run' : 'full run'}, ${m.date}.`;
  const skipped = results.skipped.map((s) => `Skipped ${s.backend}: ${s.reason}`);
  return [
    machine,
    '',
    head,
    sep,
    ...lines,
    ...(skipped.length ? ['', ...skipped] : []),
    ...pytorchRatios(results),
    ...threadRatios(results),
  ].join('\n');
}

/** The fused engine on its threads (wasm-fused) against one thread, per config. */
function threadRatios(results: BenchResults): string[] {
  const rows = results.results;
  const lines = rows
    .filter((r) => r.backend === 'wasm-fused' || r.backend === 'wasm-fused-2-threads')
    .flatMap((r) => {
      const one = rows.find((o) => o.config === r.config && o.backend === 'wasm-fused-1-thread');
      const threads = r.threads
        ? `${r.threads.count}${r.threads.reason ? ` (${r.threads.reason})` : ''}`
        : '–';
      return one
        ? [
            `| ${r.config} | ${r.backend} | ${threads} | ${fmt(r.stepsPerSecond)} | ${fmt(one.stepsPerSecond)} | ${fmt(r.stepsPerSecond / one.stepsPerSecond, 2)}× |`,
          ]
        : [];
    });
  if (!lines.length) return [];
  return [
    '',
    'The fused engine on its threads (wasm-fused: as the lab runs it; -2-threads: forced) against one thread, same run:',
    '',
    '| config | backend | threads | steps/s | wasm-fused-1-thread steps/s | ratio |',
    '|---|---|---|---|---|---|',
    ...lines,
  ];
}

/** Every lab row as a ratio to native PyTorch (1 thread and all threads) on the same config. */
function pytorchRatios(results: BenchResults): string[] {
  const rows = results.results;
  const ref = (config: string, backend: string) =>
    rows.find((r) => r.config === config && r.backend === backend)?.stepsPerSecond;
  const lab = rows.filter((r) => r.impl === 'lab' && !r.backend.startsWith('pytorch'));
  if (!rows.some((r) => r.backend === 'pytorch-1-thread')) return [];
  const blas = results.reference
    ? `PyTorch ${results.reference.torch}, BLAS: ${results.reference.blas.join(', ') || 'none found'}`
    : '';
  const lines = lab.map((r) => {
    const one = ref(r.config, 'pytorch-1-thread');
    const all = ref(r.config, 'pytorch-all-threads');
    const ratio = (p?: number) => (p ? `${fmt(r.stepsPerSecond / p, 2)}×` : '–');
    return `| ${r.config} | ${r.backend} | ${fmt(r.stepsPerSecond)} | ${fmt(one)} | ${ratio(one)} | ${fmt(all)} | ${ratio(all)} |`;
  });
  return [
    '',
    `Ratio to native PyTorch on the CPU, same run (${blas}):`,
    '',
    '| config | backend | lab steps/s | PyTorch 1 thread | ratio | PyTorch all threads | ratio |',
    '|---|---|---|---|---|---|---|',
    ...lines,
  ];
}
