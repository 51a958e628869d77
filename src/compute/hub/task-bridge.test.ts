import { describe, expect, it } from 'vitest';
import { abortOnCancel, reportDownloadProgress } from './task-bridge';

describe('task bridge', () => {
  it('turns download progress into a job fraction and message', () => {
    const calls: [number, string | undefined][] = [];
    const report = reportDownloadProgress({ progress: (f, m) => calls.push([f, m]) });
    report({
      file: 'onnx/model.onnx',
      loadedBytes: 1024 * 1024,
      totalBytes: 2 * 1024 * 1024,
      overallLoaded: 3 * 1024 * 1024,
      overallTotal: 4 * 1024 * 1024,
    });
    expect(calls).toEqual([[0.75, 'onnx/model.onnx: 1.0 / 2.0 MB (all files 3.0 / 4.0 MB)']]);
  });

  it('aborts once the job is cancelled', async () => {
    const ctx = { cancelled: false };
    const { signal, dispose } = abortOnCancel(ctx, 5);
    expect(signal.aborted).toBe(false);
    ctx.cancelled = true;
    await new Promise((r) => setTimeout(r, 30));
    expect(signal.aborted).toBe(true);
    dispose();
  });
});
