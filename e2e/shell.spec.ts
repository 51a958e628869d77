import path from 'node:path';
import { expect, SCREENSHOT_DIR, test } from './serve-fixture';

const TABS = ['datasets', 'models', 'training', 'features', 'steering', 'settings', 'system'] as const;

test('the shell loads and every tab renders (screenshots at 1440×900)', async ({ page, app }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.url);
  await expect(page.getByText('miStudio').first()).toBeVisible();
  for (const tab of TABS) {
    await page.getByTestId(`tab-${tab}`).click();
    // A tab may add its state to the route (Features: `?sae=…`).
    await expect(page).toHaveURL(new RegExp(`#/${tab}(\\?.*)?$`));
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(new RegExp(tab, 'i'));
    if (tab === 'system') await expect(page.getByTestId('doctor-card')).toContainText('TensorFlow.js backend');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `tab-${tab}.png`) });
  }
  // Keyboard: Alt+6 is Settings.
  await page.keyboard.press('Alt+6');
  await expect(page).toHaveURL(/#\/settings$/);
  expect(errors).toEqual([]);
});

test('the doctor self-test runs to completion visibly in the job tray', async ({ page, app }) => {
  await page.goto(`${app.url}#/system`);
  await page.getByTestId('run-self-test').click();
  await page.getByTestId('job-tray-button').click();
  const row = page.getByTestId('job-tray').getByTestId('job-system.selftest').first();
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'job-tray-selftest.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('self-test-checks')).toContainText('PASS');
  await expect(page.getByTestId('self-test-checks')).not.toContainText('FAIL');
});

test('settings survive a restart; invalid input is refused; reset restores defaults', async ({ page, app }) => {
  await page.goto(`${app.url}#/settings`);
  const lr = page.getByTestId('setting-lr');
  const batch = page.getByTestId('setting-batch');
  await batch.fill('5');
  await expect(page.getByText(/Too small|>=32/i).first()).toBeVisible();
  await expect(page.getByTestId('settings-save')).toBeDisabled();
  await batch.fill('512');
  await lr.fill('0.0003');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('Settings saved')).toBeVisible();

  await app.restart();
  await page.goto(`${app.url}#/settings`);
  await expect(page.getByTestId('setting-batch')).toHaveValue('512');
  await expect(page.getByTestId('setting-lr')).toHaveValue('0.0003');
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'settings-after-restart.png') });

  await page.getByTestId('settings-reset').click();
  await page.getByTestId('settings-reset-confirm').click();
  await expect(page.getByTestId('setting-batch')).toHaveValue('1024');
});
