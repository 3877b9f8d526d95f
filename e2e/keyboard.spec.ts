/**
 * The whole lab from the keyboard alone: new data, a method, play, pause, export; the network
 * diagram as one Tab stop (a tree: arrows move, a unit opens, a weight is typed, +/− units).
 * Actions use only keys; page.evaluate only reads state to check what happened (and takes steps).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './lab';

const isFocused = (target: Locator) =>
  target.evaluate((element) => element === document.activeElement);

/** Press Tab until `target` has focus (the page's tab order, wrapping around). */
async function tabTo(
  page: Page,
  target: Locator,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
  maxPresses = 250,
): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`could not reach ${target.toString()} with Tab`);
}

/** The focused control shows a visible focus indicator (outline or box shadow). */
async function focusVisible(target: Locator): Promise<boolean> {
  return target.evaluate((element) => {
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
  });
}

test('generate data, choose a method, play, pause and export with the keyboard only', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  const page = lab.page;
  const before = await lab.state();

  // New data: the data seed, one step up with the arrow key. The nav under the header goes to
  // the Data studio section (focus moves there) without tabbing through the network diagram.
  await tabTo(page, page.getByRole('button', { name: 'Data studio', exact: true }));
  await page.keyboard.press('Enter');
  const seed = page.getByRole('spinbutton', { name: 'Data seed' });
  await tabTo(page, seed);
  expect(await focusVisible(seed)).toBe(true);
  await page.keyboard.press('ArrowUp');
  await expect
    .poll(async () => (await lab.state()).dataVersion)
    .toBeGreaterThan(before.dataVersion);

  // A method: the native select changes with the arrow keys.
  // The Model section sits just above the Data studio.
  const method = page.getByRole('combobox', { name: 'Method' });
  await tabTo(page, method, 'Shift+Tab');
  expect(await focusVisible(method)).toBe(true);
  const initialMethod = (await page.evaluate(() => window.mtlLab!.getConfig())).train.method;
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () => (await page.evaluate(() => window.mtlLab!.getConfig())).train.method)
    .not.toBe(initialMethod);
  await expect.poll(async () => (await lab.state()).phase).toBe('ready');

  // Play with Enter, pause with Space on the same button.
  // Onwards through the sections below and round to the header.
  const play = page.getByRole('button', { name: /Play$/ });
  await tabTo(page, play);
  expect(await focusVisible(play)).toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await lab.state()).running).toBe(true);
  await expect.poll(async () => (await lab.state()).step).toBeGreaterThan(5);
  const pause = page.getByRole('button', { name: /Pause$/ });
  expect(await isFocused(pause)).toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(async () => (await lab.state()).running).toBe(false);

  // Export the trained weights.
  // Share & export is the last section: back round from the header.
  const exportButton = page.getByRole('button', { name: 'Weights (safetensors)' });
  await tabTo(page, exportButton, 'Shift+Tab');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/\.safetensors$/);
});

test('the network diagram is one Tab stop: arrows move, a unit opens, a weight is typed, +/− units', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  const page = lab.page;
  await page.evaluate(() => window.mtlLab!.step(5));
  await page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
  const tree = page.getByRole('tree', { name: 'Network diagram' });
  const stops = () =>
    tree.evaluate(
      (el) =>
        [...el.querySelectorAll<SVGElement>('[tabindex]')].filter((e) => e.tabIndex >= 0).length,
    );
  expect(await stops()).toBe(1);
  const focusedUnit = () =>
    page.evaluate(() => document.activeElement?.getAttribute('data-unit') ?? null);

  // Tab reaches the diagram's one stop (the first input); the arrows move inside it.
  const first = page.locator('[data-unit="input:0"]');
  await tabTo(page, first);
  await page.keyboard.press('ArrowDown');
  expect(await focusedUnit()).toBe('input:1');
  await page.keyboard.press('PageDown');
  expect(await focusedUnit()).not.toMatch(/^input:/);
  expect(await stops()).toBe(1);
  await page.keyboard.press('End');
  const last = (await focusedUnit())!;
  expect(last).toMatch(/^output\//);
  // Focus opens the unit's large view; → opens its incoming links, → enters them.
  await expect(page.getByTestId('unit-detail')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator(`[data-unit="${last}"]`)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight');
  const link = await page.evaluate(() => document.activeElement?.getAttribute('data-link'));
  expect(link).toBeTruthy();
  // Enter types a new weight; the focus comes back to the link.
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('link-editor');
  await expect(editor.getByRole('textbox')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expect(editor).toBeHidden();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-link'))).toBe(link);
  expect((await lab.state()).changes.at(-1)?.text).toContain('weight');
  // ← back to the unit, Escape leaves the diagram (to the view's Hide button).
  await page.keyboard.press('ArrowLeft');
  expect(await focusedUnit()).toBe(last);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Hide' })).toBeFocused();

  // +/− units under the diagram, from the keyboard.
  const hidden = (await page.evaluate(() => window.mtlLab!.getConfig())).model.hidden;
  await tabTo(page, page.getByRole('button', { name: /Add a unit to shared or expert layer 1/ }));
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await page.evaluate(() => window.mtlLab!.getConfig())).model.hidden[0])
    .toBe(hidden[0] + 1);
});

test('every focusable control has an accessible name, and sliders announce their values', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  const page = lab.page;
  const unnamed = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'button, input, select, textarea, summary, [tabindex]',
      ),
    ]
      .filter((el) => el.tabIndex >= 0 && el.offsetParent !== null)
      .filter((el) => {
        const labelled = (el as HTMLInputElement).labels?.length ?? 0;
        const name = el.getAttribute('aria-label') ?? el.getAttribute('aria-labelledby') ?? '';
        return labelled === 0 && name === '' && (el.textContent ?? '').trim() === '';
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(unnamed).toEqual([]);
  const slider = page.getByRole('slider', { name: 'Task similarity ρ' });
  await slider.focus();
  const valueBefore = await slider.getAttribute('aria-valuetext');
  await page.keyboard.press('ArrowRight');
  const valueText = await slider.evaluate(
    (el) => el.getAttribute('aria-valuetext') ?? (el as HTMLInputElement).value,
  );
  expect(valueText).not.toBe(valueBefore);
});
