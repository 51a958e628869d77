import { describe, expect, it } from 'vitest';
import type { FeatureMapView } from '../../../../shared/types/analysis';
import { categorical, sequential } from './colour-scales';
import { DENSITY_COLOURS, pointColours } from './map-colours';

/** A map of four features; only the per-point columns matter to the colouring. */
const view: FeatureMapView = {
  saeId: 'sae-1',
  method: 'pca',
  seed: 0,
  points: [0, 0, 1, 0, 0, 1, 1, 1],
  explainedVariance: [0.6, 0.3],
  seconds: 0.1,
  createdAt: '2026-12-01T00:00:00.000Z',
  frequency: [0, 1e-4, 1e-2, 1e-3],
  proxy: [null, 0.25, 1, 0.5],
  densityBucket: ['dead', 'ultra-low', 'dense', 'something new'],
  label: [null, 'names', null, 'names'],
};

describe('feature-map point colours', () => {
  it('frequency: log10 viridis from the rarest firing feature to the most frequent; dead features grey', () => {
    const { colours, range } = pointColours(view, 'frequency');
    expect(range).toEqual([-4, -2]);
    expect(colours[0]).toBe(DENSITY_COLOURS.dead);
    expect(colours[1]).toBe(sequential(0, 1)); // 1e-4: the low end
    expect(colours[2]).toBe(sequential(1, 1)); // 1e-2: the high end
    expect(colours[3]).toBe(sequential(0.5, 1)); // 1e-3: halfway on the log scale
  });

  it('frequency with every feature dead: all grey, no NaN range', () => {
    const { colours, range } = pointColours({ ...view, frequency: [0, 0, 0, 0] }, 'frequency');
    expect(new Set(colours)).toEqual(new Set([DENSITY_COLOURS.dead]));
    expect(range).toEqual([0, 0]);
  });

  it('proxy on 0…1 (no proxy: grey); density by bucket (unknown buckets get their own grey); labels by name', () => {
    expect(pointColours(view, 'proxy')).toEqual({
      colours: [DENSITY_COLOURS.dead, sequential(0.25, 1), sequential(1, 1), sequential(0.5, 1)],
      range: [0, 1],
    });
    expect(pointColours(view, 'density')).toEqual({
      colours: [DENSITY_COLOURS.dead, DENSITY_COLOURS['ultra-low'], DENSITY_COLOURS.dense, DENSITY_COLOURS.unknown],
      range: null,
    });
    const labels = pointColours(view, 'label');
    expect(labels.range).toBeNull();
    expect(labels.colours[1]).toBe(categorical('names'));
    expect(labels.colours[3]).toBe(labels.colours[1]);
    expect(labels.colours[0]).toBe(labels.colours[2]);
    expect(labels.colours[0]).not.toBe(labels.colours[1]);
  });
});
