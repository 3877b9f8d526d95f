/**
 * The peer comparison's report (peer.ts): per-task test MSE mean ± sd on each side, a Welch test
 * per mean (Bonferroni over all of them), Δm against each side's own single-task runs (computed
 * on the seed means), and each side's method ranking by Δm with Kendall's τ between them.
 */
import type { TaskInfo } from '../../core/data/types';
import type { deltaM as DeltaMFn } from '../../core/train/deltaM';
import { meanSd, welch } from './welch';

export interface PeerResult {
  architecture: string;
  method: string;
  seed: number;
  testMse: number[];
}

export interface Side {
  name: string;
  results: PeerResult[];
}

interface ReportArgs {
  sides: [Side, Side] | Side[];
  tasks: TaskInfo[];
  archs: string[];
  methods: string[];
  deltaM: typeof DeltaMFn;
  setup: string;
}

function cell(side: Side, arch: string, method: string, t: number): number[] {
  return side.results
    .filter((r) => r.architecture === arch && r.method === method)
    .map((r) => r.testMse[t]);
}

const fmt = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function kendallTau(a: string[], b: string[]): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const x = Math.sign(b.indexOf(a[i]) - b.indexOf(a[j]));
      s -= x; // a ranks a[i] above a[j]: concordant when b does too (negative index difference)
      n++;
    }
  }
  return n ? s / n : 1;
}

export function formatReport(args: ReportArgs): { text: string; json: Record<string, unknown> } {
  const [lab, peer] = args.sides;
  const T = args.tasks.length;
  const rows: { arch: string; method: string }[] = [];
  for (const arch of args.archs) for (const method of args.methods) rows.push({ arch, method });
  rows.push({ arch: 'stl', method: 'stl' });
  const tests = rows.length * T;
  const lines: string[] = [
    `Setup: ${args.setup}`,
    '',
    `| architecture | method | task | ${lab.name} test MSE | ${peer.name} test MSE | Welch p | p × ${tests} (Bonferroni) |`,
    '|---|---|---|---|---|---|---|',
  ];
  let differing = 0;
  const welchRows: Record<string, unknown>[] = [];
  for (const { arch, method } of rows) {
    for (let t = 0; t < T; t++) {
      const a = cell(lab, arch, method, t);
      const b = cell(peer, arch, method, t);
      const A = meanSd(a);
      const B = meanSd(b);
      const w = welch(a, b);
      const adjusted = Math.min(1, w.p * tests);
      if (adjusted < 0.05) differing++;
      welchRows.push({ arch, method, task: args.tasks[t].name, lab: A, peer: B, ...w, adjusted });
      lines.push(
        `| ${arch} | ${method} | ${args.tasks[t].name} | ${fmt(A.mean)} ± ${fmt(A.sd)} | ${fmt(B.mean)} ± ${fmt(B.sd)} | ${fmt(w.p, 3)} | ${fmt(adjusted, 3)} |`,
      );
    }
  }
  const meanMetrics = (side: Side, arch: string, method: string) =>
    Array.from({ length: T }, (_, t) => ({ loss: meanSd(cell(side, arch, method, t)).mean }));
  lines.push(
    '',
    `| architecture | method | Δm ${lab.name} (%) | Δm ${peer.name} (%) | per task ${lab.name} | per task ${peer.name} |`,
    '|---|---|---|---|---|---|',
  );
  const rankings: Record<string, unknown> = {};
  const deltas: Record<string, unknown>[] = [];
  for (const arch of args.archs) {
    const scores = args.sides.map((side) =>
      args.methods.map((method) => ({
        method,
        d: args.deltaM(
          args.tasks,
          meanMetrics(side, arch, method),
          meanMetrics(side, 'stl', 'stl'),
        ),
      })),
    );
    args.methods.forEach((method, i) => {
      const [l, p] = [scores[0][i].d, scores[1][i].d];
      deltas.push({ arch, method, lab: l, peer: p });
      lines.push(
        `| ${arch} | ${method} | ${fmt(l.deltaM, 1)} | ${fmt(p.deltaM, 1)} | ${l.perTask.map((x) => fmt(x, 1)).join(', ')} | ${p.perTask.map((x) => fmt(x, 1)).join(', ')} |`,
      );
    });
    const order = scores.map((s) =>
      [...s].sort((x, y) => y.d.deltaM - x.d.deltaM).map((x) => x.method),
    );
    rankings[arch] = { lab: order[0], peer: order[1], kendallTau: kendallTau(order[0], order[1]) };
    lines.push(
      `|  | ranking | ${order[0].join(' > ')} | ${order[1].join(' > ')} | Kendall τ ${fmt(kendallTau(order[0], order[1]), 2)} | |`,
    );
  }
  lines.push(
    '',
    `${differing} of ${tests} per-task means differ at 5% after a Bonferroni correction (Welch's t-test, ${lab.name} vs ${peer.name}).`,
  );
  return {
    text: lines.join('\n'),
    json: { tests, differing, welch: welchRows, deltaM: deltas, rankings },
  };
}
