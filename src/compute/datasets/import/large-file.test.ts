import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { readJsonl } from './jsonl';
import { BadRowTally } from './read';

const GIB = 1024 ** 3;
const RSS_BOUND_MB = 200;
const dir = tempDir('mistudio-large-');
afterAll(() => removeDir(dir));

/** ~1 MiB of JSON lines of varied length (≈ 300–1300 bytes), whole lines only. */
function templateChunk(): Buffer {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 1 << 20; i++) {
    const line = JSON.stringify({ text: `doc ${i} `.concat('lorem ipsum dolor '.repeat(15 + (i % 60))), id: i, src: 'gen' }) + '\n';
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''));
}

async function writeLargeJsonl(file: string, minBytes: number): Promise<{ bytes: number; lines: number }> {
  const chunk = templateChunk();
  const linesPerChunk = chunk.toString().split('\n').length - 1;
  const out = createWriteStream(file, { highWaterMark: 4 << 20 });
  let bytes = 0;
  let lines = 0;
  while (bytes < minBytes) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    bytes += chunk.length;
    lines += linesPerChunk;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { bytes, lines };
}

describe('large file', () => {
  it(`streams a generated ≥ 1 GiB .jsonl through the reader with RSS growth < ${RSS_BOUND_MB} MB`, async () => {
    const file = path.join(dir, 'big.jsonl');
    const written = await writeLargeJsonl(file, GIB);
    expect((await stat(file)).size).toBeGreaterThanOrEqual(GIB);

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const timer = setInterval(sample, 50);
    let count = 0;
    let chars = 0;
    let bytesSeen = 0;
    const tally = new BadRowTally('fail');
    try {
      for await (const s of readJsonl({ path: file }, {}, tally.hooks((n) => (bytesSeen += n)))) {
        count++;
        chars += s.text.length;
        if (count % 20_000 === 0) sample();
      }
    } finally {
      clearInterval(timer);
      sample();
    }
    await rm(file, { force: true });
    const growthMb = (peak - baseline) / 1e6;
    console.log(`large jsonl: ${(written.bytes / GIB).toFixed(2)} GiB, ${count} lines, RSS baseline ${(baseline / 1e6).toFixed(0)} MB, peak growth ${growthMb.toFixed(0)} MB`);
    expect(count).toBe(written.lines);
    expect(bytesSeen).toBe(written.bytes);
    expect(chars).toBeGreaterThan(0);
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
  }, 180_000);
});
