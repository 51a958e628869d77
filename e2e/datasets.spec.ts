import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

function jsonlFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-e2e-data-'));
  const file = path.join(dir, 'proverbs.jsonl');
  const lines = [
    'The fear of the LORD is the beginning of knowledge: but fools despise wisdom and instruction.',
    'My son, hear the instruction of thy father, and forsake not the law of thy mother.',
    'Trust in the LORD with all thine heart; and lean not unto thine own understanding.',
    'A soft answer turneth away wrath: but grievous words stir up anger.',
    'Pride goeth before destruction, and an haughty spirit before a fall.',
    'A merry heart doeth good like a medicine: but a broken spirit drieth the bones.',
  ];
  writeFileSync(file, lines.map((text, i) => JSON.stringify({ meta: { chapter: i + 1 }, text })).join('\n') + '\n');
  return file;
}

test('import a JSONL file through the UI, tokenize it for the demo model, see statistics, search samples', async ({ page, app }) => {
  test.setTimeout(300_000);
  await page.goto(`${app.url}#/datasets`);
  // The bundled demo corpus is there on first start.
  await expect(page.getByTestId('dataset-row-bundled').getByTestId('dataset-status')).toHaveText('ready', { timeout: 120_000 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'datasets-first-start.png') });

  await page.getByTestId('dataset-add').click();
  await page.getByTestId('dataset-path').fill(jsonlFile());
  await page.getByTestId('dataset-import-submit').click();
  const row = page.getByTestId('dataset-row-local');
  await expect(row.getByTestId('dataset-status')).toHaveText('ready', { timeout: 120_000 });
  await row.click();

  await page.getByTestId('dataset-tab-tokenization').click();
  await expect(page.getByTestId('tokenize-preview-count')).toContainText('tokens', { timeout: 30_000 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'datasets-tokenization.png') });
  await page.getByTestId('tokenize-run').click();
  await expect(row.getByTestId('dataset-status')).toHaveText('tokenized', { timeout: 120_000 });

  await page.getByTestId('dataset-tab-statistics').click();
  await expect(page.getByTestId('dataset-statistics')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('chart-lengths').locator('rect').first()).toBeVisible();
  await expect(page.getByTestId('chart-top-tokens').locator('rect').first()).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'datasets-statistics.png'), fullPage: true });

  await page.getByTestId('dataset-tab-samples').click();
  await page.getByTestId('sample-search').fill('spirit');
  await expect(page.getByTestId('sample-total')).toHaveText('2 matching samples');
  await page.getByTestId('sample-card').first().getByRole('button', { name: 'Tokens' }).click();
  await expect(page.getByTestId('token-chips').first()).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'datasets-samples.png'), fullPage: true });
});
