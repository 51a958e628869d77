import path from 'node:path';
import type { Page } from '@playwright/test';
import { tokenizeDemo } from './demo-steps';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * Feature analysis on the bundled demo SAE (docs/analysis.md): a small feature pass on the
 * held-out split, then a feature's measured ablation (numbers shown), the correlation heatmap
 * (compute, click a cell and a listed pair, the two features side by side), and the feature map
 * (PCA, coloured by density, a lasso lists a group, click a point and land on that feature's dashboard).
 */
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `analysis-${name}.png`), fullPage: true });

test('demo SAE: ablation numbers, correlation heatmap pair, feature map click opens the feature', async ({ page, app }) => {
  test.setTimeout(1_200_000);
  await tokenizeDemo(page, app.url);
  await page.goto(`${app.url}#/features`);
  const panel = page.getByTestId('pass-panel');
  await expect(panel.getByTestId('pass-split')).toHaveValue(/validation/);
  await panel.getByTestId('pass-tokens').fill('6000');
  await panel.getByTestId('pass-start').click();
  const rows = page.getByTestId('feature-row');
  await expect(rows.first()).toBeVisible({ timeout: 600_000 });

  // A feature's measured ablation: on demand, with progress, then the numbers and the mode named.
  const dash = page.getByTestId('feature-dashboard');
  await rows.first().click();
  const opened = await dash.getAttribute('data-feature');
  await page.getByTestId('feature-tab-heatmap').click();
  await expect(page.getByTestId('heatmap-row').first()).toBeVisible();
  await page.getByTestId('heatmap-scale').getByText('Diverging').click();
  await expect(page.getByTestId('colour-legend')).toContainText('white = 0');
  await shot(page, 'activation-heatmap');
  await page.getByTestId('feature-tab-ablation').click();
  await expect(page.getByTestId('ablation-mode-text')).toContainText('SAE spliced in');
  await page.getByLabel('Held-out tokens').fill('2000');
  await page.getByTestId('ablation-run').click();
  await expect(page.getByTestId('ablation-result')).toBeVisible({ timeout: 300_000 });
  const delta = (await page.getByTestId('ablation-delta').textContent()) ?? '';
  expect(delta).toMatch(/[+-]?\d/);
  console.info(
    `feature #${opened} ablation (SAE spliced): ΔCE ${delta}; where fired ${await page.getByTestId('ablation-fired').textContent()}; KL ${await page.getByTestId('ablation-kl').textContent()}`,
  );
  console.info(`  ${await page.getByTestId('ablation-lens').textContent()}`);
  await shot(page, 'ablation');

  // Correlation heatmap: compute over the pass's tokens, click a cell, click a listed pair.
  await page.getByTestId('features-view-correlations').click();
  await page.getByTestId('correlations-run').click();
  const canvas = page.getByTestId('heatmap-canvas');
  await expect(canvas).toBeVisible({ timeout: 300_000 });
  const size = Number(await canvas.getAttribute('data-size'));
  expect(size).toBeGreaterThan(1);
  const box = (await canvas.boundingBox())!;
  const cell = box.width / size;
  await canvas.click({ position: { x: 1.5 * cell, y: 0.5 * cell } }); // row 0, column 1
  await expect(page.getByTestId('pair-card')).toBeVisible();
  await expect(page.getByTestId('pair-feature')).toHaveCount(2);
  await page.getByTestId('heatmap-threshold').focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft'); // threshold 0.3 → 0.2
  const pairs = page.getByTestId('heatmap-pair');
  if ((await pairs.count()) > 0) {
    console.info(`strongest pair: ${await pairs.first().textContent()}`);
    await pairs.first().click();
  }
  await shot(page, 'correlation-heatmap');
  const second = await page.getByTestId('pair-feature').nth(1).getAttribute('data-feature');
  await page.getByTestId('pair-open').nth(1).click();
  await expect(dash).toHaveAttribute('data-feature', second ?? '');
  await page.getByTestId('feature-tab-correlations').click();
  await expect(page.getByTestId('correlations-tab')).toBeVisible();
  await shot(page, 'correlations-tab');

  // Feature map: PCA, colour by density bucket, click the most frequent feature's point.
  await page.getByTestId('features-view-map').click();
  await page.getByTestId('map-compute').click();
  const map = page.getByTestId('map-canvas');
  await expect(map).toBeVisible({ timeout: 300_000 });
  await expect(map).toHaveAttribute('data-points', '2048');
  await page.getByTestId('map-colour').getByText('density bucket').click();
  const target = (await map.getAttribute('data-probe-feature')) ?? '';
  const [x, y] = ((await map.getAttribute('data-probe-xy')) ?? '0,0').split(',').map(Number) as [number, number];
  await map.hover({ position: { x, y } });
  await expect(page.getByTestId('map-hover')).toContainText('#');
  await shot(page, 'feature-map');
  // Lasso (the default tool): shift-drag a free-form loop around the probe point; the group lists it first (most frequent).
  const mb = (await map.boundingBox())!;
  const sx = mb.width / 820;
  await page.keyboard.down('Shift');
  await page.mouse.move(mb.x + (x + 40) * sx, mb.y + y * sx);
  await page.mouse.down();
  for (let k = 1; k <= 24; k++) {
    const t = (2 * Math.PI * k) / 24;
    await page.mouse.move(mb.x + (x + 40 * Math.cos(t)) * sx, mb.y + (y + 30 * Math.sin(t) * (1 + 0.5 * Math.cos(3 * t))) * sx);
  }
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const selection = page.getByTestId('map-selection');
  await expect(selection).toContainText('in the lasso');
  await expect(page.getByTestId('map-selection-row').first()).toHaveAttribute('data-feature', target);
  console.info(
    `lasso selected ${await selection.getAttribute('data-count')} features; points layer redraw ${await map.getAttribute('data-draw-ms')} ms for 2,048 points`,
  );
  await shot(page, 'map-lasso');
  await page.keyboard.press('Escape');
  await expect(selection).toHaveCount(0);
  await map.click({ position: { x, y } });
  await expect(dash).toBeVisible();
  const landed = await dash.getAttribute('data-feature');
  console.info(`map click at the point of #${target} opened #${landed}`);
  expect(landed).toBe(target);
  await shot(page, 'map-opened');
});
