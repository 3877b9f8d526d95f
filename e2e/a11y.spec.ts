import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './lab';

test('no WCAG 2 A/AA violations found by axe', async ({ lab }) => {
  await lab.open('?backend=wasm');
  await lab.page.evaluate(() => window.mtlLab!.step(20));
  const results = await new AxeBuilder({ page: lab.page })
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
});

test('no serious or critical axe violations with every panel open and a run trained', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  const page = lab.page;
  await page.evaluate(() => window.mtlLab!.step(15));
  // Open every collapsible panel (lessons, compare, microscope definitions, data views).
  const closed = page.locator('details:not([open]) > summary');
  for (let i = await closed.count(); i > 0; i--) {
    await closed.first().click();
  }
  await expect(page.locator('details:not([open])')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const severe = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(severe).toEqual([]);
});
