import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * Exports and archives in the UI, on the bundled demo SAE (the e2e data dir has no training run):
 * export it as .zip from the Features → Export tab, see it listed with its size, then bring the
 * archive back with Import archive… (checked first: what it holds and its size) as a new SAE.
 */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOT_DIR, `interop-export-${name}.png`), fullPage: true });

test('export the demo SAE as .zip, see it listed with its size, import the archive back as a new SAE', async ({ page, app }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${app.url}#/features?view=export`);
  const panel = page.getByTestId('export-panel');
  await expect(panel).toBeVisible({ timeout: 60_000 });
  // Without a feature pass the features part says why it is off; the demo SAE was not trained here.
  await expect(panel.getByTestId('export-part-features')).toBeDisabled();
  await expect(panel).toContainText('Run the feature pass first');
  await expect(panel.getByTestId('export-part-metrics')).toBeDisabled();
  await expect(panel.getByTestId('export-part-sae')).toBeChecked();
  await expect(panel.getByTestId('export-part-config')).toBeChecked();
  await expect(panel.getByTestId('exports-list')).toHaveCount(0);
  await panel.getByText('.zip', { exact: true }).click();
  await panel.getByTestId('export-start').click();

  const row = panel.getByTestId('export-row').first();
  await expect(row).toBeVisible({ timeout: 120_000 });
  await expect(row).toContainText('.zip');
  await expect(row).toContainText('SAE, config');
  // The demo weights are 4 MiB of float32 (256 × 2,048 × 2 matrices); deflate barely shrinks them.
  await expect(row.getByTestId('export-size')).toHaveText(/^[3-5](\.\d)? MiB$/);
  await shot(page, 'listed');

  // Import it back: the path is the listed file's (its title holds the full path).
  const file = await row.locator('[title$=".zip"]').getAttribute('title');
  expect(file).toMatch(/\.zip$/);
  await page.getByTestId('import-archive').click();
  await page.getByTestId('import-archive-path').fill(file!);
  await page.getByTestId('import-archive-inspect').click();
  const contents = page.getByTestId('import-archive-contents');
  await expect(contents).toContainText('zip ·');
  await expect(contents).toContainText('blocks.2.hook_resid_post, 256 → 2048');
  await expect(contents).toContainText('Holds: sae, config');
  await expect(contents).toContainText('sae/sae_weights.safetensors');
  await shot(page, 'inspect');
  await page.getByTestId('import-archive-go').click();
  await expect(page.getByText('Archive imported')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sae-select')).toHaveValue(/KJV demo SAE/);
  await expect(page.getByText('imported', { exact: true })).toBeVisible();

  // A path that is no archive: a clear refusal, nothing imported.
  await page.getByTestId('import-archive').click();
  await page.getByTestId('import-archive-path').fill(path.join(app.dataDir, 'mistudio.db'));
  await page.getByTestId('import-archive-inspect').click();
  await expect(page.getByTestId('import-archive-error')).toContainText('neither a .zip nor a .tar.gz');
  await shot(page, 'refused');
});
