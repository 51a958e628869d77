/**
 * Folds per-file byte counts into DownloadProgress events, at most one per
 * `intervalMs` (default 100 ms) plus always a final one. `overallLoaded` never goes
 * backwards: a file that restarts from byte 0 (server ignored our Range) keeps its
 * high-water mark in the overall count until it passes it again.
 */
import type { DownloadProgress } from './types';

export interface ProgressFolder {
  /** Register a file's size (bytes) before it starts; unknown sizes add 0 until known. */
  expect(file: string, totalBytes: number | undefined): void;
  update(file: string, loadedBytes: number, totalBytes: number): void;
  /** Emit the last event: everything loaded. */
  finish(): void;
}

export function createProgressFolder(
  onProgress: ((p: DownloadProgress) => void) | undefined,
  intervalMs = 100,
  now: () => number = Date.now,
): ProgressFolder {
  const totals = new Map<string, number>(); // file → bytes
  const highWater = new Map<string, number>(); // file → most bytes seen
  let lastAt = -Infinity; // ms
  let lastFile = '';
  let lastOverall = 0;
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

  const emit = (file: string, loadedBytes: number, totalBytes: number, force: boolean) => {
    const t = now();
    if (!onProgress || (!force && t - lastAt < intervalMs)) return;
    lastAt = t;
    const overallTotal = sum(totals);
    lastOverall = Math.max(lastOverall, Math.min(sum(highWater), overallTotal));
    onProgress({ file, loadedBytes, totalBytes, overallLoaded: lastOverall, overallTotal });
  };

  return {
    expect(file, totalBytes) {
      totals.set(file, totalBytes ?? 0);
      highWater.set(file, 0);
    },
    update(file, loadedBytes, totalBytes) {
      lastFile = file;
      totals.set(file, Math.max(totals.get(file) ?? 0, totalBytes));
      highWater.set(file, Math.max(highWater.get(file) ?? 0, loadedBytes));
      emit(file, loadedBytes, totalBytes, false);
    },
    finish() {
      for (const [file, total] of totals) highWater.set(file, total);
      const total = totals.get(lastFile) ?? 0;
      emit(lastFile, total, total, true);
    },
  };
}
