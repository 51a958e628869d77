import type { Page } from '@playwright/test';
import { expect } from './serve-fixture';

/**
 * Datasets → KJV Bible (demo) → Tokenization → Tokenize with the defaults, then wait until it is
 * tokenized; `whileTokenizing` runs between the click and the wait (e.g. to look at the row).
 */
export async function tokenizeDemo(page: Page, url: string, whileTokenizing?: () => Promise<void>): Promise<void> {
  await page.goto(`${url}#/datasets`);
  const demo = page.getByTestId('dataset-row-bundled');
  await expect(demo.getByTestId('dataset-status')).toHaveText('ready', { timeout: 180_000 });
  await demo.click();
  await page.getByTestId('dataset-tab-tokenization').click();
  await page.getByTestId('tokenize-run').click();
  await whileTokenizing?.();
  await expect(demo.getByTestId('dataset-status')).toHaveText('tokenized', { timeout: 300_000 });
}

/**
 * Features → the bundled demo SAE's feature pass over `tokens` held-out tokens (the demo corpus
 * must be tokenized), waiting until the browser shows its features.
 */
export async function runDemoFeaturePass(page: Page, url: string, tokens: number): Promise<void> {
  await page.goto(`${url}#/features`);
  const panel = page.getByTestId('pass-panel');
  await expect(panel.getByTestId('pass-split')).toHaveValue(/validation/);
  await panel.getByTestId('pass-tokens').fill(String(tokens));
  await panel.getByTestId('pass-start').click();
  await expect(page.getByTestId('feature-row').first()).toBeVisible({ timeout: 600_000 });
}
