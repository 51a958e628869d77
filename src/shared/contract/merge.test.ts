import { describe, expect, it } from 'vitest';
import { contract } from '.';
import { mergeMethodMaps } from './merge';

describe('mergeMethodMaps', () => {
  it('keeps every name of every map, typed as their intersection', () => {
    const m = mergeMethodMaps({ 'a.one': 1 }, { 'b.two': 'two' }, { 'c.three': true });
    expect(m).toEqual({ 'a.one': 1, 'b.two': 'two', 'c.three': true });
    const two: string = m['b.two'];
    expect(two).toBe('two');
  });

  it('throws on a name two maps define, naming it', () => {
    expect(() => mergeMethodMaps({ 'jobs.list': 1 }, { 'jobs.get': 2 }, { 'jobs.list': 3 })).toThrow(
      'The method "jobs.list" is defined by two domains',
    );
  });

  it('built the app contract without a duplicate (it would have thrown on import)', () => {
    expect(Object.keys(contract)).toContain('jobs.list');
    expect(Object.keys(contract).length).toBeGreaterThan(50);
  });
});
