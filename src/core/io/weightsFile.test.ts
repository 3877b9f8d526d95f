import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../config/schema';
import { fixtureConfig, fixtureLayers, fixtureModelFile } from './weights.fixtures';
import {
  exportSafetensors,
  exportTfjs,
  importModelFile,
  type ImportResult,
  type ModelFile,
} from './weightsFile';

const paramShapes = () => fixtureLayers().map(({ name, shape }) => ({ name, shape }));

function failure(result: ImportResult): string {
  if (result.ok) throw new Error('expected the import to fail');
  return result.message;
}

/** Rewrites the safetensors metadata's model description, keeping the tensors. */
function withMeta(file: ModelFile, edit: (meta: Record<string, unknown>) => void): Uint8Array {
  const meta = JSON.parse(JSON.stringify(file.meta)) as Record<string, unknown>;
  edit(meta);
  return exportSafetensorsUnchecked(file, JSON.stringify(meta));
}

/** A safetensors file with an arbitrary description string (bypasses the exporter's checks). */
function exportSafetensorsUnchecked(file: ModelFile, metaText: string): Uint8Array {
  const bytes = exportSafetensors(file);
  const view = new DataView(bytes.buffer);
  const n = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as {
    __metadata__: Record<string, string>;
  };
  header.__metadata__.mtl_lab = metaText;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return out;
}

describe('model files', () => {
  const file = fixtureModelFile();

  it('round-trips through safetensors and through model.json + weights.bin', () => {
    const fromSafetensors = importModelFile(exportSafetensors(file), {
      config: fixtureConfig(),
      paramShapes: paramShapes(),
    });
    expect(fromSafetensors).toEqual({ ok: true, format: 'safetensors', file });
    const { json, bin } = exportTfjs(file);
    const fromTfjs = importModelFile(
      { json, bin },
      { config: fixtureConfig(), paramShapes: paramShapes() },
    );
    expect(fromTfjs).toEqual({ ok: true, format: 'tfjs', file });
    expect(
      importModelFile({ json: new TextEncoder().encode(json), bin: bin.slice().buffer }).ok,
    ).toBe(true);
    expect(importModelFile(exportSafetensors(file).slice().buffer).ok).toBe(true);
  });

  it('stores the description where each format expects it', () => {
    const { json } = exportTfjs(file);
    const model = JSON.parse(json) as {
      format: string;
      modelTopology: { mtlLab: unknown };
      generatedBy: string;
    };
    expect(model.format).toBe('mtl-lab');
    expect(model.modelTopology.mtlLab).toEqual(file.meta);
    expect(model.generatedBy).toContain('MTL Lab');
  });

  it('checks the file against the current architecture', () => {
    const bytes = exportSafetensors(file);
    const config = fixtureConfig();
    const wider = paramShapes().map((p) =>
      p.name === 'trunk/0/kernel' ? { ...p, shape: [5, 16] } : p,
    );
    expect(failure(importModelFile(bytes, { config, paramShapes: wider }))).toBe(
      'the weights do not fit the current model: parameter "trunk/0/kernel" is [5, 8] in the file but [5, 16] in the current model',
    );
    const fewer = paramShapes().slice(1);
    expect(failure(importModelFile(bytes, { config, paramShapes: fewer }))).toMatch(
      /the file has parameter "trunk\/0\/kernel", which the current model does not have/,
    );
    const more = [...paramShapes(), { name: 'gate/kernel', shape: [5, 4] }];
    expect(failure(importModelFile(bytes, { config, paramShapes: more }))).toMatch(
      /the current model needs parameter "gate\/kernel", which the file lacks/,
    );
    const mmoe = { ...config, model: { ...config.model, architecture: 'mmoe' as const } };
    expect(failure(importModelFile(bytes, { config: mmoe, paramShapes: paramShapes() }))).toMatch(
      /holds a shared-bottom model but the current experiment uses mmoe/,
    );
  });

  it('accepts a model trained on an imported table, whose config.data describes the generator', () => {
    // One task fewer than config.data.tasks: only an imported table explains that.
    const tasks = file.meta.tasks.slice(0, -1);
    const mismatch = (source?: 'csv' | 'generator') =>
      importModelFile(
        withMeta(file, (m) => {
          m.tasks = tasks;
          if (source) m.dataSource = source;
        }),
      );
    expect(mismatch('csv').ok).toBe(true);
    expect(failure(mismatch('generator'))).toMatch(/lists \d+ tasks but its config has/);
    expect(failure(mismatch())).toMatch(/lists \d+ tasks but its config has/);
  });

  it('rejects descriptions that are damaged, foreign or from a newer version', () => {
    const f = file;
    expect(
      failure(importModelFile(withMeta(f, (m) => (m.schemaVersion = SCHEMA_VERSION + 1)))),
    ).toMatch(/newer MTL Lab \(schema v3/);
    expect(failure(importModelFile(withMeta(f, (m) => (m.format = 'other'))))).toMatch(
      /no MTL Lab model description/,
    );
    expect(
      failure(importModelFile(withMeta(f, (m) => (m.featureMean = [1, null, 2, 3, 4])))),
    ).toMatch(/damaged: featureMean\[1\]/);
    expect(failure(importModelFile(withMeta(f, (m) => (m.featureStd = [1]))))).toMatch(
      /lists 1 featureStd for 5 features/,
    );
    expect(
      failure(
        importModelFile(
          withMeta(f, (m) => ((m.config as { data: { tasks: number } }).data.tasks = 99)),
        ),
      ),
    ).toMatch(/config stored in the file is invalid: data.tasks/);
    expect(
      failure(importModelFile(withMeta(f, (m) => (m.layers = fixtureLayers().slice(2))))),
    ).toMatch(/inconsistent: the tensor data has parameter "trunk\/0\/kernel"/);
    expect(failure(importModelFile(exportSafetensorsUnchecked(f, '{oops')))).toMatch(
      /description in the file is not valid JSON/,
    );
    const { json, bin } = exportTfjs(f);
    const layers = JSON.parse(json) as Record<string, unknown>;
    layers.format = 'layers-model';
    expect(failure(importModelFile({ json: JSON.stringify(layers), bin }))).toMatch(
      /this is a TensorFlow.js layers-model, not an MTL Lab model file/,
    );
    expect(failure(importModelFile({ json: bin, bin }))).toMatch(
      /model.json is not UTF-8 text|not valid JSON/,
    );
  });

  it('recognises other kinds of files', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(failure(importModelFile(new Uint8Array()))).toBe('the file is empty');
    expect(
      failure(importModelFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0]))),
    ).toMatch(/^this is a PNG image/);
    expect(failure(importModelFile(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0])))).toMatch(
      /ZIP archive \(PyTorch/,
    );
    expect(failure(importModelFile(text('a,b,c\n1,2,3\n4,5,6\n')))).toMatch(
      /^this is a text file \(it starts with "a,b,c\\n1,2,3/,
    );
    expect(failure(importModelFile(text(exportTfjs(file).json)))).toMatch(
      /this is a model.json; choose it together with its weights.bin/,
    );
    expect(failure(importModelFile(null as unknown as Uint8Array))).toMatch(/nothing to import/);
    expect(failure(importModelFile({ json: '{}' } as unknown as Uint8Array))).toMatch(
      /nothing to import/,
    );
  });

  it('refuses to export a file that it could not import again', () => {
    const broken: ModelFile = { ...file, tensors: file.tensors.slice(1) };
    expect(() => exportSafetensors(broken)).toThrow(/inconsistent/);
    const nan: ModelFile = {
      ...file,
      tensors: file.tensors.map((t, i) =>
        i ? t : { ...t, values: t.values.map(() => Number.NaN) },
      ),
    };
    expect(() => exportTfjs(nan)).toThrow(/NaN/);
  });
});
