import { describe, expect, it } from 'vitest';
import { PretokenCache } from './pretoken-cache';

describe('PretokenCache', () => {
  it('finds a pre-token by a slice of any text and returns its ids', () => {
    const cache = new PretokenCache(8);
    cache.add(' the', PretokenCache.hash(' the', 0, 4), [262]);
    cache.add('Lord', PretokenCache.hash('Lord', 0, 4), [43, 585]);
    const text = 'and the Lord said';
    const at = (start: number, end: number) => cache.find(text, start, end, PretokenCache.hash(text, start, end));
    const ids = (e: number) => {
      const out: number[] = [];
      cache.appendIds(e, out);
      return out;
    };
    expect(ids(at(3, 7))).toEqual([262]);
    expect(ids(at(8, 12))).toEqual([43, 585]);
    expect(at(0, 3)).toBe(-1);
    expect(at(3, 6)).toBe(-1); // " th": a prefix is not the entry
  });

  it('keeps at most maxEntries pre-tokens and maxIds ids, starting over when full', () => {
    const cache = new PretokenCache(100, 150);
    for (let i = 0; i < 1000; i++) {
      const key = `w${i}`;
      cache.add(key, PretokenCache.hash(key, 0, key.length), [i, i + 1]);
      expect(cache.size).toBeLessThanOrEqual(75); // 150 ids / 2 per entry
    }
    const last = 'w999';
    const e = cache.find(last, 0, last.length, PretokenCache.hash(last, 0, last.length));
    const out: number[] = [];
    cache.appendIds(e, out);
    expect(out).toEqual([999, 1000]);
    expect(cache.find('w0', 0, 2, PretokenCache.hash('w0', 0, 2))).toBe(-1);
  });

  it('tells apart keys whose hashes collide in the table', () => {
    const cache = new PretokenCache(4); // 16 slots
    // Four keys that land on the same slot (same low 4 hash bits): found by linear probing.
    const keys: string[] = [];
    for (let i = 0; keys.length < 4; i++) if ((PretokenCache.hash(`k${i}`, 0, `k${i}`.length) & 15) === 5) keys.push(`k${i}`);
    keys.forEach((k, i) => cache.add(k, PretokenCache.hash(k, 0, k.length), [i]));
    keys.forEach((k, i) => {
      const out: number[] = [];
      cache.appendIds(cache.find(k, 0, k.length, PretokenCache.hash(k, 0, k.length)), out);
      expect(out).toEqual([i]);
    });
  });
});
