import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

const FIXTURE = path.resolve('fixtures', 'models', 'gpt2-tiny');
const DEMO = path.resolve('resources', 'demo-model', 'onnx', 'model.onnx');

test('the bundled demo model is ready on first start and generates offline from the UI', async ({ page, app }) => {
  test.skip(!existsSync(DEMO), 'demo model not built in this checkout');
  await page.goto(`${app.url}#/models`);
  const row = page.getByTestId('model-row-bundled');
  await expect(row.getByTestId('model-status')).toHaveText('ready', { timeout: 120_000 });
  await row.click();
  await expect(page.getByTestId('hook-map')).toContainText('blocks.0');
  await page.getByTestId('tryit-prompt').fill('And God said unto Moses,');
  await page.getByTestId('tryit-generate').click();
  const output = page.getByTestId('tryit-output');
  await expect(output).toContainText('tokens/s', { timeout: 120_000 });
  const text = (await output.innerText()).toLowerCase();
  expect(text).toMatch(/\b(the|and|of|unto|lord)\b/);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'models-demo-generate.png'), fullPage: true });
});

test('import a model folder through the UI, see its architecture and hooks, try it, delete it', async ({ page, app }) => {
  await page.goto(`${app.url}#/models`);
  await page.getByTestId('model-add').click();
  await page.getByTestId('import-folder').fill(FIXTURE);
  await page.getByTestId('model-add-submit').click();
  const row = page.getByTestId('model-row-local');
  await expect(row.getByTestId('model-status')).toHaveText('ready', { timeout: 120_000 });
  await row.click();
  const detail = page.getByTestId('model-detail');
  await expect(detail).toContainText('gpt2');
  await expect(page.getByTestId('hook-map')).toContainText('blocks.2');
  await page.getByTestId('tryit-prompt').fill('Hi');
  await page.getByTestId('tryit-generate').click();
  await expect(page.getByTestId('tryit-output')).toContainText('tokens/s', { timeout: 120_000 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'models-imported.png'), fullPage: true });
  await row.getByRole('button', { name: /Delete/ }).click();
  await page.getByTestId('delete-confirm').click();
  await expect(page.getByText(/freed/)).toBeVisible();
  await expect(page.getByTestId('model-row-local')).toHaveCount(0);
});

test('a broken folder is refused with the missing file named, leaving nothing behind', async ({ page, app }) => {
  await page.goto(`${app.url}#/models`);
  await page.getByTestId('model-add').click();
  await page.getByTestId('import-folder').fill(path.resolve('fixtures', 'models'));
  await page.getByTestId('model-add-submit').click();
  await expect(page.getByText(/config\.json not found/).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('model-row-local')).toHaveCount(0);
});
