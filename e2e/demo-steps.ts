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
