import path from 'node:path';
import type { Page } from '@playwright/test';
import { tokenizeDemo } from './demo-steps';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * Issue 15, SAE folder import: on the Features page, "Import SAE folder…" refuses a folder that
 * is not one SAE with its sentence, previews a gated SAELens fixture (made by
 * scripts/interop-fixtures/make_fixtures.py), imports it onto the demo model, shows its measured
 * explained variance and L0, runs its feature pass, opens a feature and steers with it.
 */
const FIXTURES = path.resolve('fixtures', 'interop');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `interop-import-${name}.png`) });

test('import a gated SAELens folder onto the demo model, measure it, run its feature pass, open a feature, steer with it', async ({
  page,
  app,
}) => {
  test.setTimeout(900_000);
  // Tokenized for the demo model first, so the import's probe and the pass have data.
  await tokenizeDemo(page, app.url);
  await page.goto(`${app.url}#/features`);
  await page.getByTestId('sae-import-open').click();
  const folder = page.getByTestId('sae-import-folder');
  await expect(page.getByTestId('sae-import-model')).toHaveValue(/KJV/);

  // A sparsify run root holds one SAE per hookpoint: refused, with what to pick instead.
  await folder.fill(path.join(FIXTURES, 'sparsify-topk'));
  await expect(page.getByTestId('sae-import-problem')).toContainText('one SAE per hookpoint (layers.1); pick one of those folders');
  await expect(page.getByTestId('sae-import-submit')).toBeDisabled();
  await expect(page.getByTestId('sae-import-blocked')).toContainText('cannot be imported');
  await shot(page, 'refused');

  // The hookpoint folder itself previews, mapped from sparsify's module name onto our hook.
  await folder.fill(path.join(FIXTURES, 'sparsify-topk', 'layers.1'));
  const preview = page.getByTestId('sae-import-preview');
  await expect(preview).toContainText('layers.1 (folder name)');
  await expect(preview).toContainText('blocks.1.hook_resid_post');

  // A gated SAELens folder: what it holds, and how it will run.
  await folder.fill(path.join(FIXTURES, 'saelens-gated'));
  await expect(preview).toHaveAttribute('data-architecture', 'gated');
  await expect(preview).toContainText('runs as the equivalent JumpReLU');
  await expect(preview).toContainText('256 → 32 features');
  await expect(preview).toContainText('blocks.3.hook_mlp_out (hook_name)');
  await expect(page.getByTestId('sae-import-submit')).toBeEnabled();
  await shot(page, 'preview');
  await page.getByTestId('sae-import-name').fill('Gated fixture SAE');
  await page.getByTestId('sae-import-submit').click();

  // The new SAE is picked, and its fit to the researcher's data is measured.
  await expect(page.getByTestId('sae-select')).toHaveValue('Gated fixture SAE · no pass yet');
  const probe = page.getByTestId('sae-import-probe');
  await expect(probe).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(page.getByTestId('sae-import-probe-result')).toContainText(/explained variance -?\d\.\d{3} · L0 \d+\.\d/);
  console.info(`import probe: ${await probe.textContent()}`);

  // Its feature pass, then a feature of it.
  const panel = page.getByTestId('pass-panel');
  await expect(panel.getByTestId('pass-dataset')).toHaveValue(/KJV/);
  await panel.getByTestId('pass-tokens').fill('20000');
  await shot(page, 'imported');
  await panel.getByTestId('pass-start').click();
  const rows = page.getByTestId('feature-row');
  await expect(rows.first()).toBeVisible({ timeout: 600_000 });
  expect(Number(((await page.getByTestId('feature-total').textContent()) ?? '').replace(/[^\d]/g, ''))).toBe(32);
  const id = await rows.nth(1).getAttribute('data-feature');
  await rows.nth(1).click();
  const dash = page.getByTestId('feature-dashboard');
  await expect(dash).toHaveAttribute('data-feature', id ?? '');
  await page.getByTestId('feature-tab-examples').click();
  await expect(dash.getByTestId('feature-example').first()).toBeVisible();
  await shot(page, 'feature');

  // And steer with it: the imported SAE's decoder direction at its own hook, a short generation.
  await page.getByTestId('feature-steer').click();
  await expect(page).toHaveURL(/#\/steering\?sae=/);
  await expect(page.getByTestId('steered-feature')).toHaveAttribute('data-feature', id ?? '');
  await page.getByTestId('steer-max-tokens').fill('6');
  await page.getByTestId('steer-samples').fill('1');
  await page.getByTestId('steer-generate').click();
  await expect(page.getByTestId('steer-comparison')).toHaveAttribute('data-status', 'completed', { timeout: 300_000 });
  const [unsteered] = await page.getByTestId('steer-unsteered-text').allTextContents();
  const [steered] = await page.getByTestId('steer-steered-text').allTextContents();
  expect((unsteered ?? '').length).toBeGreaterThan(0);
  expect((steered ?? '').length).toBeGreaterThan(0);
  await expect(page.getByTestId('steer-metric-meanKl').getByTestId('steer-metric-value')).toHaveText(/^\d/);
  await shot(page, 'steered');
});
