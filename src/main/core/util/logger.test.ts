import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { createLogger } from './logger';

const dir = tempDir('mistudio-logger-');
afterAll(() => removeDir(dir));

describe('finding 9: logs are size-capped and rotated', () => {
  it('rotates at maxBytes, keeps `keep` old files, so the total stays bounded; files are 0600', () => {
    const log = createLogger(dir, false, { maxBytes: 10_000, keep: 2 });
    for (let i = 0; i < 2000; i++) log.info(`line ${i} ${'x'.repeat(80)}`);
    const logs = path.join(dir, 'logs');
    expect(readdirSync(logs).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const f of readdirSync(logs)) {
      expect(statSync(path.join(logs, f)).size).toBeLessThanOrEqual(10_000);
      expect(statSync(path.join(logs, f)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(path.join(logs, 'main.log'), 'utf8')).toContain('line 1999 ');
  });

  it('one line stays bounded, and secrets are redacted', () => {
    const d = tempDir('mistudio-logger-');
    const log = createLogger(d);
    log.info(`token=abc123 hf_abcdefghijkl ${'y'.repeat(100_000)}`);
    const text = readFileSync(path.join(d, 'logs', 'main.log'), 'utf8');
    expect(text.length).toBeLessThan(9000);
    expect(text).toContain('token=[redacted] [redacted]');
    removeDir(d);
  });
});
