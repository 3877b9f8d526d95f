/**
 * A fresh model built by the exported Python file (`init`) has the lab's initial distribution
 * for the chosen scheme, layer by layer: for 'pytorch' the PyTorch modules' defaults. Runs when
 * `import torch` works, like the other PyTorch checks.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ArchitectureId, InitScheme } from '../../config/schema';
import { importModelFile } from '../../io';
import { distributionMoments } from '../../model/init';
import { buildModelMeta } from '../modelFile';
import { exportPyTorch, pytorchFileName } from './index';
import { experimentConfig, experimentDataset, hasTorch, pythonOk } from './testKit';

const TORCH = hasTorch();

describe.skipIf(!TORCH)('a fresh exported PyTorch model starts from the lab initialisation', () => {
  const cases: [ArchitectureId, InitScheme][] = [
    ['mmoe', 'pytorch'],
    ['multitab-net', 'pytorch'],
    ['cross-stitch', 'pytorch'],
    ['mmoe', 'he-normal'],
    ['multitab-net', 'glorot-uniform'],
  ];
  test.each(cases)(
    '%s, %s',
    (architecture, init) => {
      const config = experimentConfig(architecture);
      config.model = {
        ...config.model,
        init,
        hidden: [64],
        experts: 4,
        embedDim: 16,
        ffHidden: 64,
      };
      const meta = buildModelMeta(config, experimentDataset(config));
      const dir = mkdtempSync(join(tmpdir(), 'mtl-pytorch-init-'));
      const script = join(dir, pytorchFileName(meta));
      writeFileSync(script, exportPyTorch(meta));
      const out = join(dir, 'fresh.safetensors');
      pythonOk([script, 'init', '--out', out, '--seed', '3']);
      const file = importModelFile(new Uint8Array(readFileSync(out)));
      if (!file.ok) throw new Error(file.message);
      const byName = new Map(file.file.tensors.map((t) => [t.name, t.values] as const));
      for (const layer of meta.layers) {
        const d = layer.init;
        const values = byName.get(layer.name);
        if (!d || !values) throw new Error(`${layer.name}: no description or values`);
        const xs = Array.from(values);
        const n = xs.length;
        if (d.kind === 'constant') {
          expect(
            xs.every((x) => x === d.value),
            layer.name,
          ).toBe(true);
          continue;
        }
        if (d.kind === 'stitch') {
          const T = layer.shape[layer.shape.length - 1];
          xs.forEach((x, i) =>
            expect(x, layer.name).toBeCloseTo(
              Math.floor(i / T) === i % T ? d.self : (1 - d.self) / (T - 1),
              6,
            ),
          );
          continue;
        }
        const moments = distributionMoments(d);
        if (!moments) throw new Error(layer.name);
        if (d.kind === 'uniform') {
          expect(Math.max(...xs.map(Math.abs)), layer.name).toBeLessThanOrEqual(
            d.bound * (1 + 1e-6),
          );
        }
        const variance = xs.reduce((a, b) => a + b * b, 0) / n;
        // 6 standard errors of a variance estimate (normal: 2σ⁴/n; uniform: 4σ⁴/5n).
        const sigma4 = moments.variance ** 2;
        const se = Math.sqrt(((d.kind === 'normal' ? 2 : 0.8) * sigma4) / n);
        expect(Math.abs(variance - moments.variance), `${layer.name} (n = ${n})`).toBeLessThan(
          6 * se,
        );
      }
    },
    120_000,
  );
});
