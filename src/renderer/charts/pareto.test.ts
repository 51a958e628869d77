import { describe, expect, it } from 'vitest';
import { frontierSteps, paretoFrontier } from './pareto';

interface Run {
  name: string;
  l0: number | null;
  ev: number | null;
}
const at = (r: Run) => ({ x: r.l0, y: r.ev });
const names = (rs: Run[]) => rs.map((r) => r.name);

describe('paretoFrontier', () => {
  const runs: Run[] = [
    { name: 'a', l0: 8, ev: 0.6 },
    { name: 'b', l0: 16, ev: 0.75 },
    { name: 'c', l0: 16, ev: 0.7 }, // same L0 as b, worse EV: dominated
    { name: 'd', l0: 32, ev: 0.72 }, // more L0 than b and worse EV: dominated
    { name: 'e', l0: 64, ev: 0.9 },
    { name: 'f', l0: null, ev: 0.99 }, // not measured yet
    { name: 'g', l0: 4, ev: Number.NaN },
  ];

  it('keeps the runs no other run beats on both L0 (min) and EV (max), by L0', () => {
    expect(names(paretoFrontier(runs, at, 'max'))).toEqual(['a', 'b', 'e']);
  });

  it('for min ΔCE a lower y is better', () => {
    const ce: Run[] = [
      { name: 'a', l0: 8, ev: 0.5 },
      { name: 'b', l0: 16, ev: 0.3 },
      { name: 'c', l0: 24, ev: 0.4 }, // dominated by b
      { name: 'd', l0: 40, ev: 0.1 },
      { name: 'e', l0: 4, ev: 0.9 },
    ];
    expect(names(paretoFrontier(ce, at, 'min'))).toEqual(['e', 'a', 'b', 'd']);
  });

  it('keeps exact twins, drops a point equal on one figure and worse on the other', () => {
    const twins: Run[] = [
      { name: 'a', l0: 10, ev: 0.8 },
      { name: 'b', l0: 10, ev: 0.8 },
      { name: 'c', l0: 12, ev: 0.8 },
    ];
    expect(names(paretoFrontier(twins, at, 'max'))).toEqual(['a', 'b']);
  });

  it('is empty when nothing is measured', () => {
    expect(paretoFrontier([{ name: 'x', l0: null, ev: null }], at, 'max')).toEqual([]);
    expect(paretoFrontier([], at, 'min')).toEqual([]);
  });
});

describe('frontierSteps', () => {
  it('draws a step after each frontier point', () => {
    expect(
      frontierSteps([
        { x: 8, y: 0.6 },
        { x: 16, y: 0.75 },
        { x: 64, y: 0.9 },
      ]),
    ).toEqual([
      { x: 8, y: 0.6 },
      { x: 16, y: 0.6 },
      { x: 16, y: 0.75 },
      { x: 64, y: 0.75 },
      { x: 64, y: 0.9 },
    ]);
  });

  it('a single point is a single vertex; twins add no riser', () => {
    expect(frontierSteps([{ x: 1, y: 2 }])).toEqual([{ x: 1, y: 2 }]);
    expect(
      frontierSteps([
        { x: 1, y: 2 },
        { x: 1, y: 2 },
      ]),
    ).toEqual([
      { x: 1, y: 2 },
      { x: 1, y: 2 },
    ]);
  });
});
