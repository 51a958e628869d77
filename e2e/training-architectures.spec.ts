import path from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

/**
 * The New training drawer shows only the chosen architecture's fields (issue 18): k for
 * TopK/BatchTopK, λ of L0 + bandwidth + initial threshold for JumpReLU, λ of L1 for Gated, and
 * for Matryoshka BatchTopK's fields plus its levels (typed as fractions, checked as typed).
 */
test('the drawer shows each architecture its own hyperparameters', async ({ page, app }) => {
  await page.goto(`${app.url}#/training`);
  await page.getByTestId('new-training-open').click();
  const drawer = page.getByTestId('new-training');
  await drawer.getByText('Advanced').click();
  const arch = drawer.getByTestId('hp-architecture');
  const shown = async (ids: string[], hidden: string[]) => {
    for (const id of ids) await expect(drawer.getByTestId(`hp-${id}`)).toBeVisible();
    for (const id of hidden) await expect(drawer.getByTestId(`hp-${id}`)).toHaveCount(0);
  };
  await arch.getByText('JumpReLU').click();
  await shown(
    ['l0Coefficient', 'jumpReluBandwidth', 'jumpReluInitThreshold'],
    ['k', 'l1Coefficient', 'topkThresholdLr', 'auxKCoefficient'],
  );
  await expect(drawer.getByTestId('hp-jumpReluBandwidth')).toHaveValue('0.001');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-drawer-jumprelu.png') });
  await arch.getByText('BatchTopK').click();
  await shown(['k', 'topkThresholdLr', 'auxKCoefficient'], ['l0Coefficient', 'jumpReluBandwidth', 'l1Coefficient', 'matryoshkaWidths']);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-drawer-batchtopk.png') });
  await arch.getByText('Matryoshka').click();
  await shown(['k', 'topkThresholdLr', 'auxKCoefficient', 'matryoshkaWidths'], ['l0Coefficient', 'jumpReluBandwidth', 'l1Coefficient']);
  const levels = drawer.getByTestId('hp-matryoshkaWidths');
  await expect(levels).toHaveValue('1/16, 1/8, 1/4, 1/2, 1');
  await levels.fill('1/2, 1/4');
  await expect(drawer.getByText('Matryoshka widths must be strictly increasing')).toBeVisible();
  await levels.fill('1/8, 0.25, 1/2');
  // Accepted as typed (no source picked here, so no d_sae to show the widths in features).
  await expect(drawer.getByText('Matryoshka widths must be strictly increasing')).toHaveCount(0);
  await expect(levels).toHaveValue('1/8, 0.25, 1/2');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'training-drawer-matryoshka.png') });
  await arch.getByText('Gated').click();
  await shown(['l1Coefficient', 'l1WarmupSteps'], ['k', 'l0Coefficient', 'topkThresholdLr', 'jumpReluBandwidth']);
});
