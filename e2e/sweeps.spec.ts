import path from 'node:path';
import type { Page } from '@playwright/test';
import { tokenizeDemo } from './demo-steps';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * Sweeps (issue 18), as a researcher walks them: from the New training drawer, a 2×2 grid
 * (architecture ReLU + L1 / TopK × two learning rates) over a small activation set — a point
 * the server refuses is shown in the drawer first — then the four runs queue and train one
 * after another, the sweep page fills in live, and a dot on the Pareto frontier opens its run.
 * Tiny runs (40 steps of 256 tokens) keep it to a few minutes. Screenshots:
 * test-results/screenshots/sweeps-*.png at 1440×900 (the sweep page also at 1024×700).
 */
// Fail fast on a missing control rather than waiting out the test's budget.
test.use({ actionTimeout: 30_000 });

async function shot(page: Page, name: string): Promise<void> {
  // Dismiss the "run finished" toasts (four runs make four) so they do not hide the plots.
  const close = page.locator('.mantine-Notification-closeButton');
  for (let i = 0; i < 12 && (await close.count()) > 0; i++)
    await close
      .first()
      .click({ timeout: 2000 })
      .catch(() => undefined);
  await expect(close).toHaveCount(0);
  await page.waitForTimeout(250); // charts re-measure their container
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `sweeps-${name}.png`) });
}

test('a 2×2 sweep from the drawer trains its runs, plots the frontier, and a frontier dot opens its run', async ({ page, app }) => {
  test.setTimeout(1_200_000);
  await tokenizeDemo(page, app.url);

  await page.goto(`${app.url}#/training?view=sweeps`);
  await expect(page.getByTestId('empty-state')).toContainText('No sweeps yet');
  await page.getByTestId('tab-activation-sets').click();
  await page.getByTestId('extract-open').click();
  const form = page.getByTestId('extract-form');
  await form.getByTestId('extract-max-tokens').fill('20000');
  await form.getByTestId('extract-submit').click();
  const set = page.getByTestId('activation-set-row').first();
  await expect(set.getByTestId('activation-set-status')).toHaveText('ready', { timeout: 600_000 });

  // The base run: 40 steps of 256 tokens; the sweep varies the architecture and one more parameter.
  await set.getByTestId('activation-set-train').click();
  const drawer = page.getByTestId('new-training');
  await drawer.getByTestId('hp-totalSteps').fill('40');
  await drawer.getByTestId('hp-batchSize').click();
  await page.getByRole('option', { name: '256', exact: true }).click();
  await drawer.getByRole('textbox', { name: 'Name (optional)' }).fill('arch × lr');
  await drawer.getByTestId('sweep-switch').click();
  // The first axis starts on the architecture's sparsity knob with ½×, 1×, 2× its value.
  await expect(drawer.getByTestId('sweep-axis-0-values')).toHaveValue('2, 4, 8');
  await expect(drawer.getByTestId('train-submit')).toHaveText('Start sweep (3 runs)');
  await drawer.getByTestId('sweep-axis-0-parameter').click();
  await page.getByRole('option', { name: 'Architecture' }).click();
  // Keyboard: type to filter the architectures, Enter picks.
  await drawer.getByTestId('sweep-axis-0-architectures').fill('TopK');
  await drawer.getByTestId('sweep-axis-0-architectures').press('Enter');
  await drawer.getByTestId('sweep-axis-0-architectures').press('Tab');
  await expect(drawer.getByTestId('sweep-run-count')).toHaveText('2 runs');
  await drawer.getByTestId('sweep-add-axis').click();

  // A point the server refuses (TopK with k beyond the SAE's width) starts nothing and is named in the drawer.
  await drawer.getByTestId('sweep-axis-1-parameter').click();
  await page.getByRole('option', { name: 'k (TopK / BatchTopK)' }).click();
  await drawer.getByTestId('sweep-axis-1-values').fill('16, 5000');
  await expect(drawer.getByTestId('sweep-problems')).toContainText('5000 is outside 1–4096');
  await expect(drawer.getByTestId('train-submit')).toBeDisabled();
  await drawer.getByTestId('sweep-axis-1-values').fill('16, 4000');
  await expect(drawer.getByTestId('train-submit')).toHaveText('Start sweep (4 runs)');
  await drawer.getByTestId('train-submit').click();
  await expect(drawer.getByTestId('sweep-error')).toContainText(/Point 4 of 4.*k=4000/);
  await expect(drawer.getByTestId('sweep-error')).toContainText('more than the');
  await expect(drawer.locator('[data-refused="true"]')).toHaveText('4. architecture=topk, k=4000');
  await drawer.getByTestId('sweep-error').scrollIntoViewIfNeeded();
  await shot(page, 'drawer-refused');
  // All or nothing: no sweep and no run exists.
  await expect(page.getByTestId('tab-sweeps')).toHaveText('Sweeps (0)');
  await expect(page.getByRole('tab', { name: /^Runs/ })).toHaveText('Runs (0)');

  // The real grid: architecture × learning rate.
  await drawer.getByTestId('sweep-axis-1-parameter').click();
  await page.getByRole('option', { name: 'Learning rate' }).click();
  await drawer.getByTestId('sweep-axis-1-values').fill('0.001, 0.004');
  await expect(drawer.getByTestId('sweep-preview-point')).toHaveText([
    '1. architecture=standard, learningRate=0.001',
    '2. architecture=standard, learningRate=0.004',
    '3. architecture=topk, learningRate=0.001',
    '4. architecture=topk, learningRate=0.004',
  ]);
  await drawer.getByTestId('sweep-fields').scrollIntoViewIfNeeded();
  await shot(page, 'drawer-grid');
  await drawer.getByTestId('train-submit').click();

  // The sweep page opens; its runs queue and train one at a time, and it fills in live.
  const sweep = page.getByTestId('sweep-page');
  await expect(sweep).toBeVisible();
  await expect(page).toHaveURL(/#\/training\?sweep=/);
  const rows = sweep.getByTestId('sweep-run-row');
  await expect(rows).toHaveCount(4);
  await expect(sweep.getByTestId('sweep-status')).toHaveText('running', { timeout: 120_000 });
  await expect(sweep.getByTestId('sweep-run-status').filter({ hasText: 'queued' })).not.toHaveCount(0);
  await shot(page, 'running');
  await expect(sweep.getByTestId('sweep-status')).toHaveText('completed', { timeout: 900_000 });
  await expect(sweep.getByTestId('sweep-progress')).toHaveText('4/4 runs done');
  await expect(sweep.getByTestId('sweep-plot-ev').getByTestId('scatter-point')).toHaveCount(4);
  await expect(sweep.getByTestId('sweep-plot-ce').getByTestId('scatter-point')).toHaveCount(4);
  await expect(sweep.getByTestId('sweep-plot-ev').getByTestId('scatter-frontier')).toHaveCount(1);
  for (const testId of ['sweep-plot-ev', 'sweep-plot-ce'])
    await expect(sweep.getByTestId(testId).getByTestId('scatter-legend')).toContainText(/ReLU \+ L1.*TopK.*Pareto frontier/);

  // Sorting by L0 puts the sparsest run first; a row's selection rings its dot on both plots.
  await sweep.getByTestId('sweep-sort-l0').click();
  const headers = await sweep.getByTestId('sweep-runs').locator('th').allTextContents();
  const l0Column = headers.indexOf('L0');
  expect(l0Column).toBeGreaterThan(0);
  const l0s = (await rows.evaluateAll((trs, i) => trs.map((tr) => tr.querySelectorAll('td')[i]?.textContent ?? ''), l0Column)).map(Number);
  expect(l0s.every(Number.isFinite)).toBe(true);
  expect(l0s).toEqual([...l0s].sort((a, b) => a - b));
  await rows.first().click();
  const firstId = await rows.first().getAttribute('data-run-id');
  for (const testId of ['sweep-plot-ev', 'sweep-plot-ce'])
    await expect(sweep.getByTestId(testId).locator('[data-selected="true"]')).toHaveAttribute('data-run-id', firstId!);
  await sweep.getByTestId('sweep-plot-ev').locator('[data-frontier="true"]').first().hover();
  await expect(sweep.getByTestId('scatter-tooltip')).toContainText(/L0 \d+\.\d · EV \d\.\d{3}/);
  await shot(page, 'page');
  for (const size of [{ width: 1024, height: 700 }]) {
    await page.setViewportSize(size);
    await shot(page, `page-${size.width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await sweep.getByTestId('sweep-runs').scrollIntoViewIfNeeded();
  await shot(page, 'table');

  // A dot on the frontier opens that run's dashboard; Back returns to the sweep.
  const dot = sweep.getByTestId('sweep-plot-ce').locator('[data-frontier="true"]').first();
  const runId = await dot.getAttribute('data-run-id');
  await dot.click();
  await expect(page).toHaveURL(new RegExp(`#/training\\?run=${runId}$`));
  const dash = page.getByTestId('run-dashboard');
  await expect(dash.getByTestId('run-status')).toHaveText('completed');
  await expect(dash.getByRole('heading').first()).toContainText('arch × lr · architecture=');
  await expect(page.locator('[data-testid="run-row"][aria-current="true"]')).toContainText('arch × lr');
  await expect(page.getByTestId('run-row-sweep')).toHaveCount(4);
  await shot(page, 'run-from-frontier');
  await page.goBack();
  await expect(sweep).toBeVisible();

  // The sweep list, then "Use this SAE" → the Features tab on that SAE.
  await sweep.getByTestId('sweep-back').click();
  await expect(page.getByTestId('sweep-row')).toHaveCount(1);
  await expect(page.getByTestId('sweep-row-done')).toHaveText('4/4');
  await expect(page.getByTestId('tab-sweeps')).toHaveText('Sweeps (1)');
  await shot(page, 'list');
  await page.getByTestId('sweep-row').click();
  await sweep.getByTestId('sweep-use-sae').first().click();
  await expect(page).toHaveURL(/#\/features\?sae=/);

  // Stop: a second sweep (the drawer's default axis, L1 λ ∈ {2, 4, 8}) stopped at once — the
  // running run stops, the queued ones are cancelled. Then Delete it with its runs.
  await page.goto(`${app.url}#/training`);
  await page.getByTestId('new-training-open').click();
  await drawer.getByTestId('hp-totalSteps').fill('40');
  await drawer.getByTestId('sweep-switch').click();
  await expect(drawer.getByTestId('train-submit')).toHaveText('Start sweep (3 runs)');
  await drawer.getByTestId('train-submit').click();
  await expect(sweep.getByTestId('sweep-run-row')).toHaveCount(3);
  await sweep.getByTestId('sweep-stop').click();
  await expect(sweep.getByTestId('sweep-status')).toHaveText('stopped', { timeout: 60_000 });
  await expect(sweep.getByTestId('sweep-run-status').filter({ hasText: 'queued' })).toHaveCount(0);
  await expect(sweep.getByTestId('sweep-stop')).toHaveCount(0);
  await sweep.getByTestId('sweep-delete').click();
  await page.getByTestId('sweep-delete-runs').check();
  await page.getByTestId('delete-confirm').click();
  await expect(page.getByTestId('sweep-row')).toHaveCount(1);
  await expect(page.getByRole('tab', { name: /^Runs/ })).toHaveText('Runs (4)');

  // Delete the first sweep but keep its runs: they stay, as plain runs.
  await page.getByTestId('sweep-row').click();
  await sweep.getByTestId('sweep-delete').click();
  await page.getByTestId('delete-confirm').click();
  await expect(page.getByTestId('empty-state')).toContainText('No sweeps yet');
  await page.getByRole('tab', { name: /^Runs/ }).click();
  await expect(page.getByTestId('run-row')).toHaveCount(4);
  await expect(page.getByTestId('run-row-sweep')).toHaveCount(0);
});
