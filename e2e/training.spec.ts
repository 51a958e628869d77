import path from 'node:path';
import { tokenizeDemo } from './demo-steps';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * The acceptance run: on a fresh install, tokenize the bundled corpus for the bundled
 * demo model, extract its middle layer's residual stream, and train an SAE with the default
 * settings from the UI — charts move live, explained variance ends ≥ 0.8 with a sensible L0.
 */
test('extract activations and train the demo SAE with default settings: live charts, EV ≥ 0.8', async ({ page, app }) => {
  test.setTimeout(1_500_000);
  await tokenizeDemo(page, app.url);

  await page.goto(`${app.url}#/training`);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.getByTestId('tab-activation-sets').click();
  await page.getByTestId('extract-open').click();
  const form = page.getByTestId('extract-form');
  await expect(form).toBeVisible();
  // Defaults: the middle layer (2 of 0–3), residual stream, float32. 100 k tokens keeps CI short.
  await form.getByTestId('extract-max-tokens').fill('100000');
  await expect(form.getByTestId('extract-estimate')).toContainText('1 hook');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-extract-form.png') });
  await form.getByTestId('extract-submit').click();
  const set = page.getByTestId('activation-set-row').first();
  await expect(set.getByTestId('activation-set-status')).toHaveText('ready', { timeout: 600_000 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-activation-sets.png') });

  await set.getByTestId('activation-set-train').click();
  const drawer = page.getByTestId('new-training');
  await expect(drawer.getByTestId('train-hook')).toHaveValue('blocks.2.hook_resid_post');
  await drawer.getByText('Advanced').click();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-new-run-advanced.png') });
  await drawer.getByTestId('train-submit').click();

  const dash = page.getByTestId('run-dashboard');
  await expect(dash.getByTestId('run-status')).toHaveText('training', { timeout: 120_000 });
  // Live: the loss chart draws and the step counter moves while it trains.
  await expect(dash.getByTestId('chart-loss').locator('path').first()).toBeVisible({ timeout: 300_000 });
  const stepText = async () => Number(/step (\d+)/.exec((await dash.getByTestId('run-step').textContent()) ?? '')?.[1] ?? 0);
  const s1 = await stepText();
  await expect.poll(stepText, { timeout: 300_000 }).toBeGreaterThan(s1 + 50);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-live.png'), fullPage: true });

  await expect(dash.getByTestId('run-status')).toHaveText('completed', { timeout: 1_200_000 });
  const ev = Number(await dash.getByTestId('card-ev').locator('p').nth(1).textContent());
  const l0 = Number(await dash.getByTestId('card-l0').locator('p').nth(1).textContent());
  console.info(`demo SAE with default settings: explained variance ${ev}, L0 ${l0}`);
  expect(ev).toBeGreaterThanOrEqual(0.8);
  expect(l0).toBeGreaterThan(1);
  expect(l0).toBeLessThan(256); // sparser than the residual stream's own width
  await expect(dash.getByTestId('checkpoint-row').first()).toBeVisible();
  await expect(dash.getByTestId('card-ce')).not.toContainText('—');
  await expect(dash.getByTestId('training-logs')).toContainText('training finished');
  await expect(dash.getByTestId('training-logs')).toContainText('validation split, held out of training');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-completed.png'), fullPage: true });

  // Export the run as .zip (its SAE, training metrics and config): listed with its size.
  const exportPanel = dash.getByTestId('export-panel');
  await expect(exportPanel.getByTestId('export-part-metrics')).toBeChecked({ timeout: 30_000 });
  await exportPanel.getByText('.zip', { exact: true }).click();
  await exportPanel.getByTestId('export-start').click();
  const exported = exportPanel.getByTestId('export-row').first();
  await expect(exported).toBeVisible({ timeout: 120_000 });
  await expect(exported).toContainText('.zip');
  await expect(exported).toContainText('metrics');
  await expect(exported.getByTestId('export-size')).toHaveText(/^\d+(\.\d+)? (KiB|MiB)$/);
  console.info(`training export: ${await exported.textContent()}`);
  await exported.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-exported.png') });

  // The completed run's final checkpoint is an SAE now: "Run feature pass" opens its pass form.
  await dash.getByTestId('run-feature-pass').click();
  await expect(page.getByTestId('pass-panel')).toBeVisible();
  await expect(page.getByTestId('sae-select')).toHaveValue(/step 600/);
});
