import path from 'node:path';
import type { Page } from '@playwright/test';
import { tokenizeDemo } from './demo-steps';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * The dashboard and shell fixes of issue 16, walked as a researcher would, with screenshots of
 * each at 1440×900 and 1024×700 (test-results/screenshots/polish-*). Short runs keep it quick:
 * 20 k extracted tokens, a 150-step standard SAE (paused and resumed), a 60-step TopK one (stopped).
 */
const SIZES = [
  { w: 1440, h: 900 },
  { w: 1024, h: 700 },
] as const;

async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  for (const s of SIZES) {
    await page.setViewportSize({ width: s.w, height: s.h });
    await page.waitForTimeout(250); // charts re-measure their container
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `polish-${name}-${s.w}.png`), fullPage: opts.fullPage ?? false });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('training polish: evals labelled, ΔCE first, dense flagged, charts readable, tray and drawer fixed', async ({ page, app }) => {
  test.setTimeout(900_000);
  const demo = page.getByTestId('dataset-row-bundled');
  await tokenizeDemo(page, app.url, async () => {
    // The tokenize job's progress bar under the status badge says what it is.
    await expect(demo.getByTestId('row-job-label')).toBeVisible({ timeout: 300_000 });
    await shot(page, 'dataset-job-label');
  });
  await expect(page.getByTestId('next-extract')).toBeVisible();

  // Statistics: every top-token bar labelled, axis labels clear of the ticks.
  await page.getByTestId('dataset-tab-statistics').click();
  await expect(page.getByTestId('chart-top-tokens')).toBeVisible({ timeout: 120_000 });
  const topTicks = await page.getByTestId('chart-top-tokens').locator('.visx-axis-bottom .visx-axis-tick').count();
  expect(topTicks).toBe(30);
  await shot(page, 'statistics', { fullPage: true });

  // Sample search highlights its matches.
  await page.getByTestId('dataset-tab-samples').click();
  await page.getByTestId('sample-search').fill('Moses');
  await expect(page.getByTestId('sample-text').first().locator('mark').first()).toHaveText(/moses/i, { timeout: 30_000 });
  await shot(page, 'sample-search');

  // Extract a small activation set; a "finished" toast follows the "started" one.
  await page.goto(`${app.url}#/training`);
  await page.getByTestId('tab-activation-sets').click();
  await page.getByTestId('extract-open').click();
  const form = page.getByTestId('extract-form');
  await form.getByTestId('extract-max-tokens').fill('20000');
  await form.getByTestId('extract-submit').click();
  const set = page.getByTestId('activation-set-row').first();
  await expect(set.getByTestId('activation-set-status')).toHaveText('ready', { timeout: 600_000 });
  await expect(page.getByText(/Extract activations: .*: finished/)).toBeVisible({ timeout: 30_000 });
  await shot(page, 'extraction-finished');
  // 1024×700: the hook chip and the Train button are inside the row, not cut off.
  await page.setViewportSize({ width: 1024, height: 700 });
  const hookBox = await set.getByTestId('activation-set-hook').boundingBox();
  const trainBox = await set.getByTestId('activation-set-train').boundingBox();
  const extractBox = await page.getByTestId('extract-open').boundingBox();
  for (const b of [hookBox, trainBox, extractBox]) {
    expect(b).not.toBeNull();
    expect(b!.x + b!.width).toBeLessThanOrEqual(1024);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await shot(page, 'activation-set-row');

  // Re-tokenizing warns that an activation set was built from the current windows.
  await page.goto(`${app.url}#/datasets`);
  await page.getByTestId('dataset-row-bundled').click();
  await page.getByTestId('dataset-tab-tokenization').click();
  await expect(page.getByTestId('retokenize-warning')).toBeVisible();
  await shot(page, 'retokenize-warning');

  // Drawer: weight decay only for AdamW; the engine says what will run.
  await page.goto(`${app.url}#/training`);
  await page.getByTestId('tab-activation-sets').click();
  await page.getByTestId('activation-set-train').first().click();
  const drawer = page.getByTestId('new-training');
  await drawer.getByText('Advanced').click();
  await expect(drawer.getByTestId('hp-weightDecay')).toHaveCount(0);
  await expect(drawer.getByText(/Runs on ONNX Runtime|Runs on TensorFlow.js/)).toBeVisible({ timeout: 60_000 });
  await drawer.getByTestId('train-engine').scrollIntoViewIfNeeded();
  await shot(page, 'drawer-adam');
  await drawer.getByTestId('hp-optimizer').click();
  await page.getByRole('option', { name: 'AdamW' }).click();
  await expect(drawer.getByTestId('hp-weightDecay')).toBeVisible();
  await drawer.getByTestId('hp-weightDecay').scrollIntoViewIfNeeded();
  await shot(page, 'drawer-adamw');
  await drawer.getByTestId('hp-optimizer').click();
  await page.getByRole('option', { name: 'Adam', exact: true }).click();
  await drawer.getByTestId('hp-totalSteps').fill('150');
  await drawer.getByTestId('train-submit').click();

  // Starting a run switches the dashboard to it; pause → the shown step is the checkpoint's, and both are logged.
  const dash = page.getByTestId('run-dashboard');
  await expect(dash.getByTestId('run-status')).toHaveText('training', { timeout: 120_000 });
  await expect(dash.getByTestId('card-ce-step')).toContainText('step 0 · untrained baseline', { timeout: 120_000 });
  await shot(page, 'baseline-eval');
  const stepOf = async () => Number(/step (\d+)/.exec((await dash.getByTestId('run-step').textContent()) ?? '')?.[1] ?? 0);
  await expect.poll(stepOf, { timeout: 300_000 }).toBeGreaterThan(30);
  await dash.getByTestId('run-pause').click();
  await expect(dash.getByTestId('run-status')).toHaveText('paused', { timeout: 120_000 });
  await expect(dash.getByTestId('training-logs')).toContainText(/paused at step \d+; the checkpoint at step \d+/);
  const logs = (await dash.getByTestId('training-logs').textContent()) ?? '';
  const m = /paused at step (\d+); the checkpoint at step (\d+)/.exec(logs);
  expect(m?.[1]).toBe(m?.[2]);
  await expect.poll(stepOf).toBe(Number(m?.[2]));
  await shot(page, 'paused');
  await dash.getByTestId('run-resume').click();
  await expect(dash.getByTestId('training-logs')).toContainText('resumed at step', { timeout: 60_000 });
  await expect(dash.getByTestId('run-status')).toHaveText('completed', { timeout: 600_000 });

  // Completed: ΔCE card labelled with its step, dense flagged, dead grey at 0, next-step links.
  await expect(dash.getByTestId('card-ce-step')).toContainText('step 150');
  await expect(dash.getByTestId('card-ce')).toContainText('nats');
  await expect(dash.getByTestId('card-ce')).toContainText('vs mean');
  await expect(dash.getByTestId('next-steps')).toBeVisible();
  await shot(page, 'completed', { fullPage: true });
  await dash.getByTestId('card-ce').hover();
  await expect(page.getByText('Read this first.', { exact: false })).toBeVisible();
  await shot(page, 'ce-tooltip');

  // Charts: legend, hover readout, log scale with decade ticks; the all-zero dead series still draws.
  const loss = dash.getByTestId('chart-loss');
  await expect(loss.getByTestId('chart-legend')).toContainText('L1 (unweighted, before ×λ)');
  await loss.scrollIntoViewIfNeeded();
  const area = await loss.getByTestId('chart-hover-area').boundingBox();
  await page.mouse.move(area!.x + area!.width * 0.6, area!.y + area!.height / 2);
  await expect(loss.getByTestId('chart-readout')).toContainText('step');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'polish-hover-readout-1440.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await loss.scrollIntoViewIfNeeded();
  const area2 = await loss.getByTestId('chart-hover-area').boundingBox();
  await page.mouse.move(area2!.x + area2!.width * 0.3, area2!.y + area2!.height / 2);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'polish-hover-readout-1024.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.mouse.move(0, 0);
  await dash.getByTestId('log-scale').click();
  // 0 dead features throughout: the chart stays linear and says why, the series is still drawn.
  await expect(dash.getByTestId('chart-dead').getByTestId('chart-linear-note')).toContainText('dead features');
  expect(await dash.getByTestId('chart-dead').locator('path.visx-linepath').first().getAttribute('d')).not.toBe('');
  const lossTicks = await loss.locator('.visx-axis-left .visx-axis-tick').count();
  expect(lossTicks).toBeLessThanOrEqual(6);
  await dash.getByTestId('training-charts').scrollIntoViewIfNeeded();
  await shot(page, 'log-scale');
  await dash.getByTestId('log-scale').click();

  // A TopK run, stopped: its L0 chart has the target line; "stopped" in the run list and the tray.
  await page.getByTestId('new-training-open').click();
  await drawer.getByTestId('hp-architecture').getByText('TopK', { exact: true }).click();
  await drawer.getByTestId('hp-totalSteps').fill('60');
  await drawer.getByTestId('train-submit').click();
  await expect(dash).toContainText('TopK', { timeout: 30_000 });
  await expect(dash.getByTestId('run-status')).toHaveText('training', { timeout: 120_000 });
  await expect.poll(stepOf, { timeout: 300_000 }).toBeGreaterThan(10);
  await dash.getByTestId('run-stop').click();
  await expect(dash.getByTestId('run-status')).toHaveText('stopped', { timeout: 120_000 });
  await expect(dash.getByTestId('training-logs')).toContainText(/stopped at step \d+/);
  // A horizontal line has no height for toBeVisible: check it is drawn and named in the legend.
  await expect(dash.getByTestId('chart-l0').getByTestId('chart-reference')).toHaveCount(1);
  await expect(dash.getByTestId('chart-l0').getByTestId('chart-legend')).toContainText('target k = 32');
  await expect(page.getByTestId('run-row-status').first()).toHaveText('stopped');
  await shot(page, 'topk-stopped', { fullPage: true });

  // Jobs tray: fits the window, says "stopped", Escape closes it, a tab switch closes it.
  await page.getByTestId('job-tray-button').click();
  const tray = page.getByTestId('job-tray');
  await expect(tray).toBeVisible();
  await expect(tray.getByTestId('job-training.run').first().getByTestId('job-status')).toHaveText('stopped');
  for (const s of SIZES) {
    await page.setViewportSize({ width: s.w, height: s.h });
    await page.waitForTimeout(250);
    const box = await tray.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(s.w);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `polish-job-tray-${s.w}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.keyboard.press('Escape');
  await expect(tray).toBeHidden();
  await page.getByTestId('job-tray-button').click();
  await expect(tray).toBeVisible();
  await page.goto(`${app.url}#/settings`);
  await expect(tray).toBeHidden();

  // Try-it generations are not kept in the tray's recent list.
  await page.goto(`${app.url}#/models`);
  await page.getByTestId('model-row-bundled').click();
  await page.getByTestId('tryit-prompt').fill('And God said');
  await page.getByTestId('tryit-generate').click();
  await expect(page.getByTestId('tryit-output')).toContainText('tokens/s', { timeout: 120_000 });
  await page.getByTestId('job-tray-button').click();
  await expect(tray.getByTestId('job-models.generate')).toHaveCount(0);
  await shot(page, 'tray-after-generate');
});
