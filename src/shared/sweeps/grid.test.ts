import { describe, expect, it } from 'vitest';
import { gridPoints, pointLabel, samePoint, sweepAxesOf } from './grid';
import { sweepsMethods } from '../contract/sweeps';

describe('sweep grid', () => {
  it('is the cartesian product, first axis outermost', () => {
    expect(
      gridPoints([
        { parameter: 'k', values: [16, 32] },
        { parameter: 'architecture', values: ['topk', 'batchtopk'] },
      ]),
    ).toEqual([
      { k: 16, architecture: 'topk' },
      { k: 16, architecture: 'batchtopk' },
      { k: 32, architecture: 'topk' },
      { k: 32, architecture: 'batchtopk' },
    ]);
    expect(gridPoints([{ parameter: 'l1Coefficient', values: [1, 2, 4] }])).toEqual([
      { l1Coefficient: 1 },
      { l1Coefficient: 2 },
      { l1Coefficient: 4 },
    ]);
    expect(gridPoints([])).toEqual([{}]);
    expect(gridPoints([{ parameter: 'k', values: [] }])).toEqual([]);
  });

  it('recovers the axes that vary, in parameter order with first-seen values', () => {
    const points = gridPoints([
      { parameter: 'k', values: [64, 16] },
      { parameter: 'architecture', values: ['batchtopk', 'topk'] },
    ]);
    expect(sweepAxesOf(points)).toEqual([
      { parameter: 'architecture', values: ['batchtopk', 'topk'] },
      { parameter: 'k', values: [64, 16] },
    ]);
    // A parameter one point sets and another leaves to the base varies too; one every point sets alike does not.
    expect(
      sweepAxesOf([
        { k: 16, seed: 1 },
        { l1Coefficient: 4, seed: 1 },
      ]),
    ).toEqual([
      { parameter: 'l1Coefficient', values: [4] },
      { parameter: 'k', values: [16] },
    ]);
  });

  it('labels points as run-name suffixes and compares them by value', () => {
    expect(pointLabel({ k: 32, architecture: 'topk' })).toBe('architecture=topk, k=32');
    expect(samePoint({ k: 32, architecture: 'topk' }, { architecture: 'topk', k: 32 })).toBe(true);
    expect(samePoint({ k: 32 }, { k: 32, seed: 1 })).toBe(false);
  });

  it('the create schema keeps only what a point sets, checks ranges and refuses repeated points', () => {
    const points = sweepsMethods['sweeps.create'].args.shape.points;
    expect(points.parse([{ k: 8 }, { k: 16 }])).toEqual([{ k: 8 }, { k: 16 }]);
    expect(points.safeParse([{ k: 0 }]).success).toBe(false);
    expect(points.safeParse([{ optimizer: 'sgd' }]).success).toBe(false);
    expect(points.safeParse([]).success).toBe(false);
    const repeated = points.safeParse([{ k: 8, architecture: 'topk' }, { k: 16 }, { architecture: 'topk', k: 8 }]);
    expect(repeated.error?.issues[0]?.message).toBe('point 3 (architecture=topk, k=8) repeats point 1');
  });
});
