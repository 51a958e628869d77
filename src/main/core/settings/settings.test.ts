import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, removeDir, tempDir } from '../../../../test/core-helpers';
import { redact } from '../util/logger';

let dir = '';
afterEach(() => removeDir(dir));

describe('settings', () => {
  it('persist across restarts, validate every write, and reset to defaults', async () => {
    dir = tempDir();
    let core = await createTestCore(dir);
    const view = await core.dispatch('settings.update', { trainingDefaults: { batchSize: 512 }, executionProvider: 'cpu' });
    expect(view).toMatchObject({
      ok: true,
      result: { trainingDefaults: { batchSize: 512, learningRate: 2e-3 }, executionProvider: 'cpu' },
    });
    expect(await core.dispatch('settings.update', { trainingDefaults: { learningRate: 5 } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    await core.close();

    core = await createTestCore(dir);
    expect(core.settings.settings.trainingDefaults.batchSize).toBe(512);
    expect(core.settings.settings.executionProvider).toBe('cpu');
    core.settings.reset();
    expect(core.settings.settings.trainingDefaults.batchSize).toBe(1024);
    await core.close();
  });

  it('keeps the HF token in a 0600 file, never in the view, the settings file or the log', async () => {
    dir = tempDir();
    const core = await createTestCore(dir);
    const secret = 'hf_abcdefghijklmnopqrstuvwxyz0123';
    const env = await core.dispatch('settings.setHfToken', { token: secret });
    expect(env).toMatchObject({ ok: true, result: { hfTokenSet: true, hfTokenStorage: 'file' } });
    expect(JSON.stringify(env)).not.toContain(secret);
    expect(core.settings.hfToken()).toBe(secret);
    const file = path.join(dir, 'secrets', 'hf-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    core.log.info(`downloading with token ${secret}`);
    expect(readFileSync(path.join(dir, 'logs', 'main.log'), 'utf8')).not.toContain(secret);
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).not.toContain(secret);
    expect((await core.dispatch('settings.clearHfToken', {})) as unknown).toMatchObject({ ok: true, result: { hfTokenSet: false } });
    await core.close();
  });

  it('redacts tokens in log lines', () => {
    expect(redact('GET ?token=abc123 with hf_ABCDEFGHIJKL and Authorization: Bearer xyz')).toBe(
      'GET ?token=[redacted] with [redacted] and Authorization: Bearer [redacted]',
    );
  });
});
