import { describe, expect, it } from 'vitest';
import { createProgressFolder } from './progress';
import type { DownloadProgress } from './types';

describe('createProgressFolder', () => {
  it('throttles to one event per 100 ms, never goes backwards, and always ends complete', () => {
    let t = 0; // ms
    const events: DownloadProgress[] = [];
    const folder = createProgressFolder(
      (p) => events.push(p),
      100,
      () => t,
    );
    folder.expect('a', 1000);
    folder.expect('b', 500);
    folder.update('a', 0, 1000); // t=0: emitted
    t = 50;
    folder.update('a', 400, 1000); // too soon: dropped
    t = 120;
    folder.update('a', 600, 1000); // emitted
    t = 300;
    folder.update('a', 0, 1000); // server ignored Range: the file restarts, overall holds
    t = 450;
    folder.update('b', 500, 500);
    t = 460;
    folder.finish(); // final event, even 10 ms after the last
    expect(events.map((e) => [e.file, e.loadedBytes, e.overallLoaded, e.overallTotal])).toEqual([
      ['a', 0, 0, 1500],
      ['a', 600, 600, 1500],
      ['a', 0, 600, 1500],
      ['b', 500, 1100, 1500],
      ['b', 500, 1500, 1500],
    ]);
  });

  it('grows the total when a size becomes known only from the response', () => {
    const events: DownloadProgress[] = [];
    const folder = createProgressFolder((p) => events.push(p), 0);
    folder.expect('x', undefined);
    folder.update('x', 10, 300);
    folder.finish();
    expect(events.at(-1)).toMatchObject({ overallLoaded: 300, overallTotal: 300 });
  });
});
