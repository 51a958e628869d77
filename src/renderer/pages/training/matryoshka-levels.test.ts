import { describe, expect, it } from 'vitest';
import { MATRYOSHKA_WIDTHS_DEFAULT } from '../../../shared/sae-architectures';
import { describeLevels, formatLevels, parseLevels } from './matryoshka-levels';

describe("the drawer's Matryoshka levels", () => {
  it('reads fractions and decimals, and writes the default back as fractions', () => {
    expect(parseLevels('1/16, 0.25 1/2')).toEqual({ fractions: [0.0625, 0.25, 0.5] });
    expect(formatLevels(MATRYOSHKA_WIDTHS_DEFAULT)).toBe('1/16, 1/8, 1/4, 1/2, 1');
    expect(parseLevels(formatLevels(MATRYOSHKA_WIDTHS_DEFAULT))).toEqual({ fractions: [...MATRYOSHKA_WIDTHS_DEFAULT] });
  });

  it("refuses what the contract's schema refuses, with its sentence", () => {
    expect(parseLevels('1/2, 1/4')).toEqual({ error: 'Matryoshka widths must be strictly increasing' });
    expect(parseLevels('1/2, 2')).toMatchObject({ error: expect.stringMatching(/1/) });
    expect(parseLevels('a, 1/2')).toMatchObject({ error: expect.stringMatching(/comma-separated list of fractions/) });
    expect(parseLevels('')).toMatchObject({ error: expect.stringMatching(/comma-separated/) });
  });

  it('shows the widths in features for this d_sae, or why they collide', () => {
    expect(describeLevels([0.25, 0.5], 2048)).toEqual({
      text: 'levels of 512 ⊂ 1,024 ⊂ 2,048 features, each trained to reconstruct alone',
      refused: false,
    });
    expect(describeLevels([0.001, 0.002], 256)).toMatchObject({
      refused: true,
      text: expect.stringMatching(/^Matryoshka widths 0, 1, 256/),
    });
    expect(describeLevels([0.25], 0).refused).toBe(false);
  });
});
