import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { tokenizeDemo } from './demo-steps';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * The acceptance run on the bundled demo SAE (no training in the test): tokenize the
 * demo corpus, run the feature pass over its held-out validation split, then browse — search,
 * sort, open a feature, every dashboard tab, step with J/K, probe a text both ways — and label
 * a feature, which survives a page reload and a server restart.
 */

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: path.join(SCREENSHOT_DIR, `features-${name}.png`), fullPage });

/** One browser row's feature id and max activation (the stored values behind the shown ones). */
async function rowNumbers(row: Locator): Promise<{ id: number; max: number }> {
  return { id: Number(await row.getAttribute('data-feature')), max: Number(await row.getAttribute('data-max')) };
}

/** Types a search and waits until the browser shows the page that answers it. */
async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('feature-search').fill(text);
  await expect(page.getByTestId('feature-browser')).toHaveAttribute('data-search', text.trim());
  await expect(page.getByTestId('feature-browser')).toHaveAttribute('data-loading', 'false');
}

/** What the open feature shows, for the log: peak tokens and the logit lens's first tokens. */
async function describeFeature(page: Page): Promise<string> {
  const dash = page.getByTestId('feature-dashboard');
  const id = await dash.getAttribute('data-feature');
  const tokens = (await dash.getByText(/top peak tokens:/).textContent()) ?? '';
  return `feature #${id}: ${tokens.trim()}`;
}

test('demo SAE: feature pass on held-out text, browse, open, every tab, probe, label survives reload', async ({ page, app }) => {
  test.setTimeout(900_000);
  await tokenizeDemo(page, app.url);

  // Steering says what is true before any pass: an SAE exists, its features do not yet.
  await page.goto(`${app.url}#/steering`);
  await expect(page.getByTestId('empty-state')).toContainText('Run the feature pass first');

  // Features: the bundled demo SAE is there, without results yet.
  await page.goto(`${app.url}#/features`);
  await expect(page.getByTestId('features-status')).toContainText('Run the feature pass');
  const panel = page.getByTestId('pass-panel');
  await expect(panel.getByTestId('pass-dataset')).toHaveValue(/KJV/);
  await expect(panel.getByTestId('pass-split')).toHaveValue(/validation/);
  await panel.getByTestId('pass-tokens').fill('50000');
  await shot(page, 'pass-form');
  await panel.getByTestId('pass-start').click();
  await expect(panel.getByTestId('pass-active')).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByTestId('pass-progress-text')).toContainText('features seen', { timeout: 60_000 });
  // Catch it mid-pass when it is slow enough to be seen (tokens done > 0, not yet complete).
  await expect
    .poll(
      async () =>
        /^[1-9]/.test(
          (await panel
            .getByTestId('pass-progress-text')
            .textContent()
            .catch(() => null)) ?? '0',
        ) || (await page.getByTestId('feature-row').count()) > 0,
      { timeout: 600_000 },
    )
    .toBe(true);
  if (await panel.getByTestId('pass-active').isVisible()) await shot(page, 'pass-running');

  // Completed: the browser opens on the pass's features, sorted by frequency (most frequent first).
  const rows = page.getByTestId('feature-row');
  await expect(rows.first()).toBeVisible({ timeout: 600_000 });
  await expect(page.getByTestId('features-view-browse')).toContainText('features');
  const total = Number(((await page.getByTestId('feature-total').textContent()) ?? '').replace(/[^\d]/g, ''));
  expect(total).toBe(2048);
  await expect(page.getByTestId('feature-dashboard')).toBeVisible();
  await shot(page, 'browser');

  // Sort by max activation, descending then ascending: the rows follow.
  await page.getByTestId('feature-sort').click();
  await page.getByRole('option', { name: 'Max activation' }).click();
  const orderButton = page.getByTestId('feature-order');
  if ((await orderButton.getAttribute('data-order')) !== 'desc') await orderButton.click();
  await expect(orderButton).toHaveAttribute('data-order', 'desc');
  await expect
    .poll(async () => {
      const a = await rowNumbers(rows.nth(0));
      const b = await rowNumbers(rows.nth(1));
      return a.max >= b.max && a.max > 0;
    })
    .toBe(true);
  await orderButton.click();
  await expect(orderButton).toHaveAttribute('data-order', 'asc');
  await expect.poll(async () => (await rowNumbers(rows.nth(0))).max <= (await rowNumbers(rows.nth(1))).max).toBe(true);

  // Search by id, then by a top token; clear again.
  await search(page, '#7');
  await expect(rows.first()).toHaveAttribute('data-feature', '7');
  await search(page, '');
  await expect(page.getByTestId('feature-total')).toHaveText(/2,048 features match/);

  // The most token-specific live features (proxy, descending; dead and dense ones filtered out).
  await page.getByTestId('feature-sort').click();
  await page.getByRole('option', { name: 'Top-token concentration' }).click();
  await orderButton.click();
  await expect(orderButton).toHaveAttribute('data-order', 'desc');
  // Mantine's Chip hides its checkbox; its label is what a researcher clicks.
  await page.getByTestId('filter-normal').locator('xpath=following-sibling::label').click();
  await expect(page.getByTestId('feature-total')).not.toHaveText(/2,048 features/);
  const first = rows.first();
  const topToken =
    (await first.getByTestId('feature-row-tokens').locator('.mantine-Badge-root').first().textContent())?.replace('␣', '').trim() ?? '';
  if (topToken.length >= 3) {
    await search(page, topToken);
    const matched = Number(((await page.getByTestId('feature-total').textContent()) ?? '').replace(/[^\d]/g, ''));
    expect(matched).toBeGreaterThan(0);
    console.info(`search "${topToken}": ${matched} features`);
    await search(page, '');
  }

  // Open the first three and keep their dashboards (examples + logit lens) for a reader to judge;
  // a taller window shows ten examples and the whole logit lens without scrolling.
  await page.setViewportSize({ width: 1440, height: 1400 });
  const dash = page.getByTestId('feature-dashboard');
  for (let i = 0; i < 3; i++) {
    const row = rows.nth(i);
    const id = await row.getAttribute('data-feature');
    await row.click();
    await expect(dash).toHaveAttribute('data-feature', id ?? '');
    await page.getByTestId('feature-tab-examples').click();
    await expect(dash.getByTestId('feature-example').first()).toBeVisible();
    console.info(await describeFeature(page));
    await shot(page, `top-proxy-${i + 1}-examples`);
    await page.getByTestId('feature-tab-logit-lens').click();
    await expect(dash.getByTestId('logit-positive-row').first()).toBeVisible();
    const promoted = await dash.getByTestId('logit-positive-row').locator('text').allTextContents();
    console.info(
      `  logit lens +: ${promoted
        .filter((_, k) => k % 2 === 0)
        .slice(0, 8)
        .join(' | ')}`,
    );
    await shot(page, `top-proxy-${i + 1}-logit-lens`);
  }

  // A word-level feature found by searching a top token: the KJV's "God" (kept for a reader to judge).
  await page.getByTestId('filter-normal').locator('xpath=following-sibling::label').click();
  await search(page, 'God');
  await expect(page.getByTestId('feature-total')).not.toHaveText(/2,048 features/);
  for (let i = 0; i < Math.min(2, await rows.count()); i++) {
    await rows.nth(i).click();
    await expect(dash).toHaveAttribute('data-feature', (await rows.nth(i).getAttribute('data-feature')) ?? '');
    await page.getByTestId('feature-tab-examples').click();
    await expect(dash.getByTestId('feature-example').first()).toBeVisible();
    console.info(`search God → ${await describeFeature(page)}`);
    await shot(page, `search-god-${i + 1}-examples`);
    await page.getByTestId('feature-tab-logit-lens').click();
    await expect(dash.getByTestId('logit-positive-row').first()).toBeVisible();
    await shot(page, `search-god-${i + 1}-logit-lens`);
  }
  await search(page, '');
  await page.getByTestId('filter-normal').locator('xpath=following-sibling::label').click();

  // Every tab of the open feature.
  await rows.first().click();
  await page.getByTestId('feature-tab-examples').click();
  const example = dash.getByTestId('feature-example').first();
  await expect(example).toBeVisible();
  await expect(dash.getByTestId('quantile-group').first()).toBeVisible();
  // Hovering a token shows its exact activation.
  await example.locator('span[data-peak]').hover();
  await expect(example.getByTestId('example-hover')).toContainText('=');
  // The example's source sample opens in full, and it contains the peak token's text.
  const peakText = ((await example.locator('span[data-peak]').textContent()) ?? '').trim();
  await example.getByTestId('example-source').click();
  await expect(page.getByTestId('source-sample-text')).toContainText(peakText);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('source-sample-text')).toBeHidden();
  await page.getByTestId('feature-tab-histogram').click();
  await expect(dash.getByTestId('feature-histogram').locator('rect').first()).toBeVisible();
  await shot(page, 'histogram');
  await page.getByTestId('feature-tab-neighbours').click();
  await expect(dash.getByTestId('neighbour-row').first()).toBeVisible();
  await shot(page, 'neighbours');
  const neighbour = await dash.getByTestId('neighbour-row').first().locator('button').textContent();
  await dash.getByTestId('neighbour-row').first().click();
  await expect(dash).toHaveAttribute('data-feature', (neighbour ?? '').replace('#', ''));

  // Keyboard: J next, K previous, in the browser's order.
  await rows.nth(1).click();
  const second = await rows.nth(1).getAttribute('data-feature');
  const third = await rows.nth(2).getAttribute('data-feature');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await expect(dash).toHaveAttribute('data-feature', third ?? '');
  await page.keyboard.press('k');
  await expect(dash).toHaveAttribute('data-feature', second ?? '');

  // The reverse probe: this feature's activation on each token of any text.
  await page.getByTestId('feature-tab-probe').click();
  await dash
    .getByTestId('feature-probe-text')
    .fill('In the beginning God created the heaven and the earth. And the LORD spake unto Moses, saying,');
  await dash.getByTestId('feature-probe-run').click();
  await expect(dash.getByTestId('feature-probe-tokens').locator('span').first()).toBeVisible({ timeout: 120_000 });
  await expect(dash.getByTestId('feature-probe-summary')).toContainText('tokens fire');
  await shot(page, 'feature-probe');

  // Probe text: per token the SAE's top features; clicking one opens it.
  await page.getByTestId('features-view-probe').click();
  await page.getByTestId('probe-run').click();
  await expect(page.getByTestId('probe-row').first()).toBeVisible({ timeout: 120_000 });
  await shot(page, 'probe-text', true);
  const badge = page.getByTestId('probe-feature').first();
  const probed = /#(\d+)/.exec((await badge.textContent()) ?? '')?.[1];
  await badge.click();
  await expect(dash).toHaveAttribute('data-feature', probed ?? '');

  // Label a feature; it shows in the browser row, survives a reload and a server restart.
  const labelled = await dash.getAttribute('data-feature');
  const suggested = ((await dash.getByTestId('feature-label').getAttribute('placeholder')) ?? '').replace('suggested: ', '');
  const label = `${suggested} (e2e)`;
  await dash.getByTestId('feature-label').fill(label);
  await dash.getByTestId('feature-label').press('Enter');
  await search(page, `#${labelled}`);
  await expect(rows.first().getByTestId('feature-row-label')).toHaveText(label);
  await page.reload();
  await expect(page.getByTestId('feature-dashboard')).toHaveAttribute('data-feature', labelled ?? '');
  await expect(page.getByTestId('feature-label')).toHaveValue(label);
  const hash = new URL(page.url()).hash;
  await app.restart();
  await page.goto(`${app.url}${hash}`);
  await expect(page.getByTestId('feature-label')).toHaveValue(label, { timeout: 60_000 });
  await page.getByTestId('filter-labelled').getByText('labelled', { exact: true }).click();
  await expect(page.getByTestId('feature-total')).toHaveText('1 feature matches');
  await shot(page, 'labelled');

  // Re-run the pass and cancel it: the previous results and the label stay.
  await page.getByTestId('features-view-pass').click();
  await page.getByTestId('pass-start').click();
  await expect(page.getByTestId('pass-active')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('pass-cancel').click();
  await expect(page.getByTestId('pass-start')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('features-view-browse')).toContainText('2,048 features');
  await page.getByTestId('features-view-browse').click();
  await expect(page.getByTestId('feature-label')).toHaveValue(label);

  // And Steering now offers this SAE's features (none added yet: Generate says so).
  await page.getByTestId('tab-steering').click();
  await expect(page.getByTestId('steer-feature-search')).toBeVisible();
  await expect(page.getByTestId('steer-blocker')).toHaveText('Add at least one feature to steer with');
});
