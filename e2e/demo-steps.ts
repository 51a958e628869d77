import type { Page } from '@playwright/test';
import { expect } from './serve-fixture';

/** Datasets → KJV Bible (demo) → Tokenization → Tokenize, with the default settings; waits for "tokenized". */
export async function tokenizeDemoDataset(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/datasets`);
  const demo = page.getByTestId('dataset-row-bundled');
  await expect(demo.getByTestId('dataset-status')).toHaveText('ready', { timeout: 180_000 });
  await demo.click();
  await page.getByTestId('dataset-tab-tokenization').click();
  await page.getByTestId('tokenize-run').click();
  await expect(demo.getByTestId('dataset-status')).toHaveText('tokenized', { timeout: 300_000 });
}
