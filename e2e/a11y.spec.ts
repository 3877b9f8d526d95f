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
