import path from 'node:path';
import type { Page } from '@playwright/test';
import { runDemoFeaturePass, tokenizeDemo } from './demo-steps';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * The acceptance run on the bundled demo SAE (docs/steering.md): a small feature pass,
 * then from a feature's dashboard "Steer with this feature"; generate (two samples, few tokens)
 * and see both outputs and the measured effects; run a short sweep; save a preset, reload the
 * page, load it and regenerate: the same seed gives the same texts.
 */
/** Scrolls `testId` to just below the app's fixed header (null: to the top). */
async function scrollTo(page: Page, testId: string | null) {
  if (!testId) return page.evaluate(() => window.scrollTo(0, 0));
  await page
    .getByTestId(testId)
    .first()
    .evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70));
}

/** 1440×900 views, not full-page: the fixed header would be drawn over the middle of a full-page shot. */
async function shot(page: Page, name: string, testId: string | null = null) {
  await scrollTo(page, testId);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `steering-${name}.png`) });
}

/** Feature 500 of the demo SAE: its logit lens promotes " reason", " night", " fire" (scripts/steering/pick-features.ts). */
const FEATURE = 500;

async function waitForRun(page: Page): Promise<void> {
  await expect(page.getByTestId('steer-comparison')).toHaveAttribute('data-status', 'completed', { timeout: 300_000 });
}

async function outputs(page: Page): Promise<{ unsteered: string[]; steered: string[] }> {
  return {
    unsteered: await page.getByTestId('steer-unsteered-text').allTextContents(),
    steered: await page.getByTestId('steer-steered-text').allTextContents(),
  };
}

test('demo SAE: steer from the dashboard, compare with metrics, sweep, preset survives reload and regenerates the same texts', async ({
  page,
  app,
}) => {
  test.setTimeout(1_200_000);
  await tokenizeDemo(page, app.url);
  await runDemoFeaturePass(page, app.url, 6000);

  // From the feature's dashboard to Steering, the feature added.
  await page.getByTestId('feature-search').fill(`#${FEATURE}`);
  await expect(page.getByTestId('feature-browser')).toHaveAttribute('data-search', `#${FEATURE}`);
  await page.getByTestId('feature-row').first().click();
  await expect(page.getByTestId('feature-dashboard')).toHaveAttribute('data-feature', String(FEATURE));
  await page.getByTestId('feature-steer').click();
  await expect(page).toHaveURL(/#\/steering\?sae=/);
  const card = page.getByTestId('steered-feature');
  await expect(card).toHaveAttribute('data-feature', String(FEATURE));
  await expect(card.getByTestId('steered-feature-unit')).toContainText('× max activation');

  // Nothing to run without features: Generate says why.
  await page.getByTestId('steered-clear').click();
  await expect(page.getByTestId('steer-generate')).toBeDisabled();
  await expect(page.getByTestId('steer-blocker')).toHaveText('Add at least one feature to steer with');
  // Search and add it again, then a strong coefficient typed beyond the slider.
  await page.getByTestId('steer-feature-search').fill(`#${FEATURE}`);
  await page.locator(`[data-testid="steer-feature-option"][data-feature="${FEATURE}"]`).click();
  await expect(card).toHaveAttribute('data-feature', String(FEATURE));
  await card.getByTestId('steered-feature-coefficient').fill('8');
  await expect(card).toHaveAttribute('data-coefficient', '8');
  // Another hook of the same width is allowed, with a warning; back to the SAE's own.
  await page.getByTestId('steer-hook').click();
  await page.getByRole('option', { name: 'blocks.1.hook_resid_post', exact: true }).click();
  await expect(page.getByTestId('steer-hook-warning')).toBeVisible();
  await page.getByTestId('steer-hook').click();
  await page.getByRole('option', { name: /the SAE's own/ }).click();
  await expect(page.getByTestId('steer-hook-warning')).toHaveCount(0);
  // Example prompts come from the SAE's dataset; the run below uses the default prompt again.
  const prompt = await page.getByTestId('steer-prompt').inputValue();
  await page.getByTestId('steer-examples').click();
  await page.getByRole('menuitem').first().click();
  await expect(page.getByTestId('steer-prompt')).not.toHaveValue(prompt);
  await page.getByTestId('steer-prompt').fill(prompt);
  await page.getByTestId('steer-max-tokens').fill('12');
  await page.getByTestId('steer-samples').fill('2');
  await expect(page.getByTestId('steer-prompt-counts')).toContainText(/\d+ tokens?/);

  await page.getByTestId('steer-generate').click();
  await expect(page.getByTestId('steer-stop')).toBeVisible();
  await waitForRun(page);
  await expect(page.getByTestId('steer-sample')).toHaveCount(2);
  const first = await outputs(page);
  expect(first.steered.every((t) => t.length > 0)).toBe(true);
  await expect(page.getByTestId('steer-metric-meanKl').getByTestId('steer-metric-value')).toHaveText(/^\d.* ± /);
  await expect(page.getByTestId('steer-shift-row').first()).toBeVisible();
  await expect(page.getByTestId('steering-vector')).toContainText('× the mean residual norm');
  console.info(`c = 8: unsteered ${JSON.stringify(first.unsteered)}\n       steered ${JSON.stringify(first.steered)}`);
  console.info(
    `  KL ${await page.getByTestId('steer-metric-meanKl').getByTestId('steer-metric-value').textContent()}; ${await page.getByTestId('steering-vector').textContent()}`,
  );
  await shot(page, 'compare');
  await shot(page, 'metrics', 'steer-metrics');
  await page.getByTestId('steer-view').getByText('Word diff').click();
  await expect(page.getByTestId('steer-diff').first().locator('[data-diff]').first()).toBeVisible();
  await shot(page, 'diff');
  await page.getByTestId('steer-view').getByText('Side by side').click();

  // A short dose-response sweep of the same feature.
  await page.getByTestId('steer-tab-sweep').click();
  await page.getByTestId('sweep-points').fill('5');
  await page.getByTestId('sweep-from').fill('-8');
  await page.getByTestId('sweep-to').fill('8');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-targets')).toBeVisible({ timeout: 600_000 });
  await expect(page.getByTestId('sweep-progress')).toHaveText('5 / 5 points');
  await expect(page.getByTestId('sweep-chart-target-dot')).toHaveCount(10);
  await scrollTo(page, 'steer-sweep');
  const hover = page.getByTestId('sweep-chart-kl-hover');
  const box = (await hover.boundingBox())!;
  await hover.hover({ position: { x: box.width * 0.99, y: box.height / 2 } });
  await expect(page.getByTestId('sweep-point')).toContainText('c = 8');
  console.info(`sweep c = 8: ${await page.getByTestId('sweep-point').textContent()}`);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'steering-sweep.png') });

  // Save the configuration, reload, load it, regenerate: the same seed gives the same texts.
  await page.getByTestId('preset-name').fill(`#${FEATURE} at +8`);
  await page.getByTestId('preset-save').click();
  await expect(page.getByTestId('preset-row')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('preset-row')).toHaveCount(1);
  await expect(page.getByTestId('steered-feature')).toHaveCount(0);
  await page.getByTestId('preset-load').click();
  await expect(card).toHaveAttribute('data-coefficient', '8');
  await expect(page.getByTestId('steer-max-tokens')).toHaveValue('12');
  await shot(page, 'preset-loaded');
  await page.getByTestId('steer-generate').click();
  await waitForRun(page);
  expect(await outputs(page)).toEqual(first);

  // The intervention is per feature: switch this one to Clamp; a preset keeps it across a reload.
  await expect(card).toHaveAttribute('data-mode', 'additive');
  await card.getByTestId('steered-feature-mode').getByText('Clamp').click();
  await expect(card).toHaveAttribute('data-mode', 'clamp');
  await expect(card.getByTestId('steered-feature-unit')).toContainText('clamped to');
  await shot(page, 'feature-mode', 'steered-features');
  await page.getByTestId('preset-name').fill(`#${FEATURE} clamped to 8`);
  await page.getByTestId('preset-save').click();
  await expect(page.getByTestId('preset-row')).toHaveCount(2);
  await page.reload();
  await page.locator(`[data-testid="preset-row"][data-name="#${FEATURE} clamped to 8"]`).getByTestId('preset-load').click();
  await expect(card).toHaveAttribute('data-mode', 'clamp');
  await expect(card).toHaveAttribute('data-coefficient', '8');
});
