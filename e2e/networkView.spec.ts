/**
 * The network view (issue 18), on WebGPU (SwiftShader) and wasm: the drawn units match the
 * config's sizes for five architectures, thumbnails and gate bars change while training, hovering
 * a unit shows its large view, and at 1280 × 800 the network, the task outputs and the loss chart
 * are inside the first viewport. NETVIEW_SHOTS=<folder> also writes screenshots at three sizes.
 */
import { cpus, loadavg } from 'node:os';
import { referenceConfig } from '../bench/core/configs';
import { expect, test, SMALL_CONFIG } from './lab';

const ARCHITECTURES = [
  { architecture: 'shared-bottom', hidden: [16, 8], tower: [8] },
  { architecture: 'mmoe', hidden: [8], tower: [4], experts: 3 },
  { architecture: 'ple', hidden: [8], tower: [4], taskExperts: 1, sharedExperts: 2, levels: 2 },
  { architecture: 'cross-stitch', hidden: [8, 8], tower: [4] },
  { architecture: 'multitab-net', tower: [4], embedDim: 8, heads: 2, ffHidden: 16 },
] as const;

type Model = (typeof ARCHITECTURES)[number];

/** Units the config implies for each node kind (2 tasks, 6 features, one output per task). */
function expectedUnits(model: Model): Record<string, number[]> {
  const T = 2;
  const tower = Array(T).fill(model.tower[0]);
  const outputs = [1, 1];
  switch (model.architecture) {
    case 'shared-bottom':
      return { input: [6], hidden: [...model.hidden], tower, output: outputs };
    case 'mmoe':
      return {
        input: [6],
        expert: Array(model.experts).fill(model.hidden[0]),
        gate: Array(T).fill(model.experts),
        hidden: Array(T).fill(model.hidden[0]),
        tower,
        output: outputs,
      };
    case 'ple': {
      // 2 levels; per level T·mk task experts and ms shared; task gates over mk + ms, one shared
      // gate over T·mk + ms below the last level; a mixture per gate.
      const perLevel = T * model.taskExperts + model.sharedExperts;
      return {
        input: [6],
        expert: Array(model.levels * perLevel).fill(model.hidden[0]),
        gate: [
          ...Array(T).fill(model.taskExperts + model.sharedExperts),
          perLevel,
          ...Array(T).fill(model.taskExperts + model.sharedExperts),
        ],
        hidden: Array(model.levels * T + model.levels - 1).fill(model.hidden[0]),
        tower,
        output: outputs,
      };
    }
    case 'cross-stitch':
      return { input: [6], hidden: Array(2 * T * 2).fill(8), tower, output: outputs };
    case 'multitab-net':
      return { input: [6], gate: [6, 6], hidden: [8, 8], tower, output: outputs };
  }
}

for (const backend of ['webgpu', 'wasm'] as const) {
  test.describe(`network view on ${backend}`, () => {
    test('drawn units match the config for five architectures', async ({ lab }) => {
      test.setTimeout(400_000); // five builds on SwiftShader
      await lab.open(`?backend=${backend}`);
      for (const model of ARCHITECTURES) {
        await lab.page.evaluate(([c, m]) => window.mtlLab!.setConfig({ ...c, model: m }), [
          SMALL_CONFIG,
          model as unknown as Record<string, unknown>,
        ] as const);
        await lab.page.evaluate(() => window.mtlLab!.step(2));
        const view = await lab.page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
        expect(view, model.architecture).not.toBeNull();
        const byKind: Record<string, number[]> = {};
        for (const n of view!.nodes) (byKind[n.kind] ??= []).push(n.units ?? 0);
        const expected = expectedUnits(model);
        for (const kind of Object.keys(expected)) {
          expect([...byKind[kind]].sort(), `${model.architecture} ${kind}`).toEqual(
            [...expected[kind]].sort(),
          );
        }
        // What is drawn: every node has a group in the diagram with the same unit count.
        for (const n of view!.nodes) {
          const group = lab.page.locator(`[data-group="${n.id}"]`);
          await expect(group, n.id).toHaveAttribute('data-units', String(n.units));
        }
        expect(Object.keys(view!.thumbnails).length).toBe(
          view!.nodes.reduce((s, n) => s + (n.units ?? 0), 0),
        );
      }
    });

    test('thumbnails and gate bars change while training; hover shows the large view', async ({
      lab,
    }) => {
      await lab.open(`?backend=${backend}`);
      await lab.page.evaluate(
        (c) =>
          window.mtlLab!.setConfig({
            ...c,
            model: { architecture: 'mmoe', hidden: [8], tower: [4], experts: 3 },
          }),
        SMALL_CONFIG,
      );
      const before = await lab.page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
      await lab.page.evaluate(() => window.mtlLab!.step(150));
      const after = await lab.page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
      expect(after!.step).toBeGreaterThan(before!.step);
      const diff = (a: number[], b: number[]) =>
        a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
      expect(
        diff(after!.thumbnails['output/t0:0'], before!.thumbnails['output/t0:0']),
      ).toBeGreaterThan(1e-3);
      expect(diff(after!.gates!.flat(), before!.gates!.flat())).toBeGreaterThan(1e-4);
      // The drawn gate bars follow.
      const bar = lab.page.locator('[data-gate-bar="gate/t0:0"]');
      await expect(bar).toHaveAttribute('data-value', String(after!.gates![0][0]));
      // Hover a unit: the large view with its values.
      await lab.page.locator('[data-unit="output/t1:0"]').hover();
      const detail = lab.page.getByTestId('unit-detail');
      await expect(detail).toBeVisible();
      await expect(detail).toContainText('task 2 output');
      await expect(detail).toContainText('bias');
      // Keyboard: a unit takes focus and shows its view too.
      await lab.page.locator('[data-unit="input:0"]').focus();
      await expect(detail).toContainText('inputs');
    });

    test('Deep Safe MTL: each task’s public/private gate bars move while training', async ({
      lab,
    }) => {
      await lab.open(`?backend=${backend}`);
      await lab.page.evaluate(
        (c) =>
          window.mtlLab!.setConfig({
            ...c,
            model: { architecture: 'dsmtl', hidden: [8], tower: [4] },
          }),
        SMALL_CONFIG,
      );
      const before = await lab.page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
      // The gates start at (0.5, 0.5) for every task.
      before!.gates!.flat().forEach((a) => expect(a).toBeCloseTo(0.5, 6));
      await lab.page.evaluate(() => window.mtlLab!.step(100));
      const after = await lab.page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
      const diff = (a: number[], b: number[]) =>
        a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
      expect(diff(after!.gates!.flat(), before!.gates!.flat())).toBeGreaterThan(1e-4);
      const bar = lab.page.locator('[data-gate-bar="gate/t0:1"]');
      await expect(bar).toHaveAttribute('data-value', String(after!.gates![0][1]));
    });

    test('task-aware sparse MoE: gate and expert-usage bars move while training', async ({
      lab,
    }) => {
      await lab.open(`?backend=${backend}`);
      const model = {
        architecture: 'sparse-moe' as const,
        hidden: [8],
        tower: [4],
        experts: 4,
        moeK: 2,
      };
      await lab.page.evaluate((c) => window.mtlLab!.setConfig(c), { ...SMALL_CONFIG, model });
      const view = () => lab.page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
      const before = (await view())!.gates!.flat();
      await lab.page.evaluate(() => window.mtlLab!.step(100));
      const after = (await view())!.gates!.flat();
      expect(Math.max(...after.map((v, i) => Math.abs(v - before[i])))).toBeGreaterThan(1e-4);
      // Task 1's expert usage: every example goes to exactly k = 2 of the 4 experts.
      const usage = await Promise.all(
        [0, 1, 2, 3].map((u) =>
          lab.page.locator(`[data-gate-bar="routing/t0:${u}"]`).getAttribute('data-value'),
        ),
      );
      expect(usage.reduce((a, v) => a + Number(v), 0)).toBeCloseTo(2, 5);
      // The microscope's routing view reports the load-balancing loss.
      await expect(lab.page.getByTestId('routing-heatmap')).toHaveCount(1);
      await expect(lab.page.getByTestId('balance-loss')).toContainText('uniform routing');
    });
  });
}

test('at 1280×800 the network, the task outputs and the loss chart are in the first viewport', async ({
  lab,
}) => {
  await lab.open();
  await lab.page.evaluate(() => window.mtlLab!.step(20));
  await lab.page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
  const folder = process.env.NETVIEW_SHOTS;
  if (folder) {
    for (const [w, h] of [
      [1280, 800],
      [820, 1180],
      [390, 844],
    ]) {
      await lab.page.setViewportSize({ width: w, height: h });
      await lab.page.waitForTimeout(400);
      await lab.page.screenshot({ path: `${folder}/network-${w}x${h}.png` });
    }
    await lab.page.setViewportSize({ width: 1280, height: 800 });
    await lab.page.waitForTimeout(400);
    await lab.page.locator('[data-unit^="trunk/1:"]').first().hover();
    await lab.page.screenshot({ path: `${folder}/network-hover-1280x800.png` });
    await lab.page.mouse.move(0, 0);
  }
  const inside = async (selector: string) => {
    const box = await lab.page.locator(selector).first().boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box!.y, selector).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, selector).toBeLessThanOrEqual(800);
    expect(box!.x + box!.width, selector).toBeLessThanOrEqual(1280);
  };
  await inside('[data-testid="network-view"] .network-diagram');
  await inside('[data-group="output/t0"]');
  await inside('[data-group="output/t1"]');
  await inside('[data-testid="loss-chart-svg"]');
  await inside('[data-testid="task-output-truth"]');
});

test('the task outputs show each task’s prediction and truth with the training points', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  await lab.page.evaluate((c) => window.mtlLab!.setConfig(c), SMALL_CONFIG);
  await lab.page.evaluate(() =>
    window.mtlLab!.setNetworkView({ plane: { kind: 'task-weights', axes: [0, 1] } }),
  );
  await lab.page.evaluate(() => window.mtlLab!.step(5));
  const view = await lab.page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
  const cells = view!.grid * view!.grid;
  for (const id of ['output/t0', 'output/t1']) {
    const truth = view!.truth?.[id] ?? [];
    expect(truth, id).toHaveLength(cells);
    // Degree-1 truth on its own task's plane: a ramp, not a constant.
    expect(Math.max(...truth) - Math.min(...truth), id).toBeGreaterThan(1);
  }
  expect(view!.points?.s.length).toBe(80);
  expect(view!.points?.labels).toHaveLength(2);
  const panel = lab.page.getByTestId('task-outputs');
  await expect(panel.getByTestId('task-output-prediction')).toHaveCount(2);
  const truthMaps = panel.getByTestId('task-output-truth');
  await expect(truthMaps).toHaveCount(2);
  await expect(truthMaps.first()).toHaveAttribute(
    'aria-label',
    /true function over task 1 direction × task 2 direction \(⊥\), with 80 training points/,
  );
  // The truth map is painted: its pixels are not all one colour.
  const colours = await truthMaps.first().evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4)
      seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });
  expect(colours).toBeGreaterThan(20);
});

test('a lesson step outlines the part of the diagram it talks about', async ({ lab }) => {
  const { page } = lab;
  await lab.open('?backend=wasm');
  const lessons = page.locator('details.lesson-panel');
  if (!(await lessons.evaluate((el: HTMLDetailsElement) => el.open))) {
    await lessons.locator('summary').click();
  }
  // Experts and gates: its third step is about the gate bars of both tasks.
  await lessons.getByLabel('Lesson').selectOption('experts-specialise');
  await expect(page.locator('[data-group="gate/t0"]')).toHaveCount(1);
  const outlines = page.locator('[data-lesson-target]');
  await expect(outlines).toHaveCount(0); // step 1 points at nothing
  await lessons.getByRole('button', { name: 'Next step' }).click();
  await lessons.getByRole('button', { name: 'Next step' }).click();
  await expect(outlines).toHaveCount(2);
  await expect(page.locator('[data-lesson-target="gate/t0:"]')).toBeVisible();
  await expect(page.locator('[data-lesson-target="gate/t1:"]')).toBeVisible();
  await expect(page.getByTestId('lesson-pointer')).toContainText('gate bars of task_0 and task_1');
  // The outline sits on the gate's bars.
  const bar = (await page.locator('[data-gate-bar="gate/t0:0"]').boundingBox())!;
  const box = (await page.locator('[data-lesson-target="gate/t0:"]').boundingBox())!;
  expect(box.x).toBeLessThanOrEqual(bar.x);
  expect(box.y).toBeLessThanOrEqual(bar.y);
  expect(box.y + box.height).toBeGreaterThanOrEqual(bar.y + bar.height);
  // Negative transfer: its first step points at the shared weights (the links into the trunk).
  await lessons.getByLabel('Lesson').selectOption('negative-transfer');
  await expect(page.locator('[data-lesson-link="input>trunk/0"]')).toHaveCount(8 * 8);
  await expect(page.getByTestId('lesson-pointer')).toContainText('shared weights');
  await lessons.getByRole('button', { name: 'End lesson' }).click();
  await expect(page.getByTestId('lesson-pointer')).toHaveCount(0);
});

/**
 * Measurement, not a pass/fail test (NETVIEW_BENCH=1, BACKEND=wasm|webgpu, NETVIEW_ROUNDS=4):
 * training steps/s with the network view open and animating (refreshing as the run's snapshots
 * come, the diagram redrawn) against closed (no refreshes), on R0 and R1 (bench/core/configs.ts)
 * in one page and one build. Open and closed alternate (closed-open, then open-closed, ...) so a
 * drift in the machine's load falls on both; each phase is a fresh run (same seed), warmed up,
 * then its steps counted over a fixed window. Prints the medians, the ratio of the medians and
 * the median of the per-round ratios, with the load average before and after.
 */
test('@bench steps/s with the network view open against closed, R0 and R1', async ({ lab }) => {
  test.skip(process.env.NETVIEW_BENCH !== '1', 'set NETVIEW_BENCH=1 to measure');
  const rounds = Number(process.env.NETVIEW_ROUNDS ?? 4);
  const backend = process.env.BACKEND ?? 'wasm';
  test.setTimeout(120_000 + rounds * 2 * 2 * 15_000);
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  const loadBefore = load();
  await lab.open(`?backend=${backend}`);
  const { page } = lab;
  const WARM_MS = 1500;
  const WINDOW_MS = 6000;
  const measure = async (open: boolean) => {
    await page.evaluate((o) => window.mtlLab!.setNetworkView({ open: o }), open);
    await page.evaluate(() => window.mtlLab!.reset());
    await page.evaluate(() => window.mtlLab!.play());
    await page.waitForTimeout(WARM_MS);
    const s0 = (await lab.state()).step;
    const t0 = Date.now();
    await page.waitForTimeout(WINDOW_MS);
    const s1 = (await lab.state()).step;
    const t1 = Date.now();
    await page.evaluate(() => window.mtlLab!.pause());
    return (s1 - s0) / ((t1 - t0) / 1000);
  };
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const lines: string[] = [];
  for (const id of ['R0', 'R1'] as const) {
    const { config, label } = referenceConfig(id);
    await page.evaluate(
      (c) => window.mtlLab!.setConfig(c),
      config as unknown as Record<string, unknown>,
    );
    const closed: number[] = [];
    const open: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // ABBA: closed first on even rounds, open first on odd ones.
      for (const isOpen of round % 2 === 0 ? [false, true] : [true, false]) {
        (isOpen ? open : closed).push(await measure(isOpen));
      }
    }
    const ratios = open.map((o, k) => o / closed[k]);
    const mc = median(closed);
    const mo = median(open);
    lines.push(
      `${id} (${label}): closed median ${mc.toFixed(1)} steps/s [${closed.map((x) => x.toFixed(1)).join(', ')}], ` +
        `open median ${mo.toFixed(1)} [${open.map((x) => x.toFixed(1)).join(', ')}]; ` +
        `open/closed ${(mo / mc).toFixed(3)} (${((mo / mc - 1) * 100).toFixed(1)} %), ` +
        `median per-round ratio ${median(ratios).toFixed(3)}`,
    );
    expect(closed.every((x) => x > 0) && open.every((x) => x > 0)).toBe(true);
  }
  await page.evaluate(() => window.mtlLab!.setNetworkView({ open: true }));
  console.log(
    `network view benchmark (${backend}, ${rounds} rounds, ${WINDOW_MS / 1000} s windows; ` +
      `load average ${loadBefore} before, ${load()} after, ${cpus().length} CPUs):\n  ${lines.join('\n  ')}`,
  );
});
