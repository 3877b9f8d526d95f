/**
 * What a newcomer trips over (issue 16): invalid values with their message beside the control,
 * keyboard reach, the classroom dialog, and views that follow a single Step.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './lab';

const isFocused = (target: Locator) =>
  target.evaluate((element) => element === document.activeElement);

/** The message list right beside (under) a control: the `.field` or table wrapper it sits in. */
const messageBeside = (control: Locator) =>
  control
    .locator('xpath=ancestor::*[contains(@class,"field") or contains(@class,"task-table-wrap")][1]')
    .locator('.field-error');

async function bannerLinkFocuses(page: Page, name: string | RegExp, control: Locator) {
  const banner = page.getByTestId('settings-banner');
  const link = banner.getByRole('link', { name });
  await expect(link).toBeVisible();
  await link.click();
  expect(await isFocused(control)).toBe(true);
}

test('every invalid value shows its message beside its control, and the banner links there', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  const { page } = lab;

  // A number field: Tasks (T) = 0.
  const tasks = page.getByRole('spinbutton', { name: 'Tasks (T)' });
  await tasks.fill('0');
  await page.keyboard.press('Tab');
  await expect(tasks).toHaveAttribute('aria-invalid', 'true');
  await expect(messageBeside(tasks)).toContainText('must be at least 1');
  await bannerLinkFocuses(page, 'Tasks (T)', tasks);
  await tasks.fill('3');
  await expect(page.getByTestId('settings-banner')).toHaveCount(0);

  // A list field: a hidden layer of 0 units.
  const hidden = page.getByRole('textbox', { name: /hidden layers/i });
  await hidden.fill('16, 0');
  await expect(hidden).toHaveAttribute('aria-invalid', 'true');
  await expect(messageBeside(hidden)).toContainText('must be at least 1');
  await bannerLinkFocuses(page, /hidden layers/i, hidden);
  await hidden.fill('16');

  // A table cell: task 0's polynomial degree above its limit.
  const degree = page.getByRole('spinbutton', { name: 'task_0 polynomial degree' });
  await degree.fill('9');
  await expect(degree).toHaveAttribute('aria-invalid', 'true');
  await expect(messageBeside(degree)).toContainText('task_0 degree: must be at most 6');
  await bannerLinkFocuses(page, 'task_0 degree', degree);
  await degree.fill('2');

  // A slider: ρ below −1/(T−1) for three tasks.
  const rho = page.getByRole('slider', { name: 'Task similarity ρ' });
  await rho.focus();
  await page.keyboard.press('Home');
  await expect(rho).toHaveAttribute('aria-invalid', 'true');
  await expect(messageBeside(rho)).toContainText('at least -1/(T-1)');
  await bannerLinkFocuses(page, 'Task similarity ρ', rho);
});

test('Play is the second Tab stop and K plays; shortcuts do not fire in text fields', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  const { page } = lab;
  const play = page.getByRole('button', { name: /Play$/ });
  let presses = 0;
  while (!(await isFocused(play)) && presses < 3) {
    await page.keyboard.press('Tab');
    presses++;
  }
  expect(await isFocused(play)).toBe(true);
  expect(presses).toBeLessThanOrEqual(3);
  // The first stop is the skip link.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('link', { name: 'Skip to the chart and results' })).toBeFocused();

  // Typing K, R or "." into fields plays, resets or steps nothing.
  const hidden = page.getByRole('textbox', { name: /hidden layers/i });
  await hidden.focus();
  await page.keyboard.type('k.r');
  const seed = page.getByRole('spinbutton', { name: 'Data seed' });
  await seed.focus();
  await page.keyboard.press('k');
  await page.keyboard.press('.');
  await page.waitForTimeout(300);
  let state = await lab.state();
  expect(state.running).toBe(false);
  expect(state.step).toBe(0);
  await hidden.fill('64, 64');
  await expect.poll(async () => (await lab.state()).phase).toBe('ready');

  // Outside fields: "." steps once, K plays and pauses, ? lists them.
  await page.locator('h1').click();
  await page.keyboard.press('.');
  await expect.poll(async () => (await lab.state()).step).toBe(1);
  await page.keyboard.press('k');
  await expect.poll(async () => (await lab.state()).running).toBe(true);
  await page.keyboard.press('k');
  await expect.poll(async () => (await lab.state()).running).toBe(false);
  state = await lab.state();
  expect(state.step).toBeGreaterThan(1);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Play / Pause');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});

test('the classroom dialog leaves the page as it is; its link cannot reopen the dialog', async ({
  lab,
  page,
}) => {
  // A teacher's own link (hiding ρ) still offers the dialog.
  await lab.open('#v=1&rho_hide=1');
  await expect(page.getByLabel('Task similarity ρ')).toHaveCount(0);
  await page.getByRole('button', { name: 'Classroom…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Classroom link' });
  // Controls by their visible names, grouped by panel; every panel (saved too) can be hidden.
  await expect(dialog.getByRole('group', { name: 'Hide in the Data panel' })).toContainText(
    'Tasks (T)',
  );
  await expect(dialog.getByRole('group', { name: 'Hide in the Model panel' })).toContainText(
    'Learning rate',
  );
  await expect(dialog.getByRole('checkbox', { name: 'Saved experiment' })).toHaveCount(1);
  await expect(dialog.getByText(/data\.taskSpecs|model\.ffHidden/)).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: 'Data panel' }).check();
  await dialog.getByRole('checkbox', { name: 'Export and import' }).check();
  const link = dialog.getByRole('textbox', { name: 'Link for students' });
  await expect(link).toHaveValue(/data_hide=1/);
  await expect(link).toHaveValue(/classroom_hide=1/);
  const url = await link.inputValue();
  // The teacher's page has not changed, in the dialog or after it.
  await expect(page.getByRole('heading', { name: 'Data', exact: true })).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Data', exact: true })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Export dataset' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Export and import' })).toHaveCount(1);
  expect(page.url()).not.toContain('data_hide');

  // The students' page: the panels are gone, and so is the dialog that hid them.
  await page.goto('about:blank'); // a fresh page load, not a same-document hash change
  await lab.open(url.slice(url.indexOf('?')));
  await expect(page.getByRole('heading', { name: 'Data', exact: true })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Export and import' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Classroom…' })).toHaveCount(0);
});

test('pressing Step once while paused refreshes the conflict view', async ({ lab }) => {
  await lab.open('?backend=wasm');
  const { page } = lab;
  // EW computes no task gradients: while training they are probed every 10 steps.
  await page.evaluate(() => window.mtlLab!.play());
  await expect.poll(async () => (await lab.state()).step).toBeGreaterThan(12);
  await page.evaluate(() => window.mtlLab!.pause());
  let { step } = await lab.state();
  if (step % 10 === 0) {
    await page.evaluate(() => window.mtlLab!.step(2));
    step += 2;
  }
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  // One press trains step `step` and probes it, off the 10-step cadence.
  await expect
    .poll(async () => (await page.evaluate(() => window.mtlLab!.getConflict()))?.step)
    .toBe(step);
  await expect(page.getByTestId('microscope')).toContainText(`Last measured at step ${step}.`);
});

test('a 5 %-positive binary task shows its majority baseline beside accuracy', async ({ lab }) => {
  await lab.open('?backend=wasm');
  const { page } = lab;
  await page.evaluate(() =>
    window.mtlLab!.setConfig({
      data: {
        tasks: 2,
        taskSpecs: [
          { degree: 1, noise: 0.1 },
          { degree: 1, noise: 0.1, kind: 'binary', positiveRate: 0.05 },
        ],
      },
    }),
  );
  await page.evaluate(() => window.mtlLab!.step(30));
  const micro = page.getByTestId('microscope');
  await micro.getByRole('button', { name: 'Evaluate' }).click();
  const binary = micro.getByRole('table', { name: /Binary tasks/ });
  await expect(binary).toBeVisible();
  const headings = await binary.getByRole('columnheader').allTextContents();
  expect(headings).toEqual(
    expect.arrayContaining(['Accuracy', 'Majority class', 'Balanced accuracy', 'AUC']),
  );
  expect(headings.indexOf('Majority class')).toBe(headings.indexOf('Accuracy') + 1);
  const cells = await binary.getByRole('row').nth(1).getByRole('cell').allTextContents();
  const majority = Number(cells[headings.indexOf('Majority class') - 1]);
  expect(majority).toBeGreaterThan(0.9);
  expect(majority).toBeLessThan(1);
  const regression = micro.getByRole('table', { name: /Regression tasks/ });
  await expect(regression.getByRole('columnheader', { name: 'R²' })).toBeVisible();
  await expect(regression.getByRole('columnheader', { name: 'Accuracy' })).toHaveCount(0);
});

test('MGDA keeping a task near zero weight is reported with the task and the step', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  const { page } = lab;
  await page.evaluate(() =>
    window.mtlLab!.setConfig({ model: { architecture: 'mmoe' }, train: { method: 'mgda' } }),
  );
  // MMoE with MGDA's per-task gradients is slow on a shared two-core machine.
  test.setTimeout(420_000);
  await page.evaluate(() => window.mtlLab!.step(180));
  const weights = await page.evaluate(() => window.mtlLab!.getMethodWeights());
  const low = (weights ?? []).findIndex((w) => w < 0.01);
  expect(low).toBeGreaterThanOrEqual(0);
  const notes = page.getByTestId('ignored-task');
  // Once in the run's status line, once in the microscope.
  await expect(notes).toHaveCount(2);
  await expect(notes.first()).toContainText(new RegExp(`ignoring task_${low} since step \\d+`));
  await notes.first().getByRole('link', { name: 'Why?' }).click();
  await expect(page.locator('#why-task-ignored')).toHaveAttribute('open', '');
});
