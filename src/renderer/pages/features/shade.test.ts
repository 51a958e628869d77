import { describe, expect, it } from 'vitest';
import { activationShade, formatActivation, formatFrequency, tokenLabel, visibleToken } from './shade';

describe('activation shading', () => {
  it('is transparent at or below zero and strongest at the scale', () => {
    expect(activationShade(0, 5)).toBe('transparent');
    expect(activationShade(-1, 5)).toBe('transparent');
    expect(activationShade(1, 0)).toBe('transparent');
    expect(activationShade(5, 5)).toBe('rgba(16, 185, 129, 0.850)');
    expect(activationShade(50, 5)).toBe('rgba(16, 185, 129, 0.850)');
    expect(activationShade(2.5, 5)).toBe('rgba(16, 185, 129, 0.485)');
  });
});

describe('formatting', () => {
  it('shows tokens, activations and frequencies readably', () => {
    expect(visibleToken(' the\n')).toBe(' the↵');
    expect(visibleToken('')).toBe('∅');
    expect(tokenLabel(' ern')).toBe('␣ern');
    expect(tokenLabel('ern')).toBe('ern');
    expect(tokenLabel('  x')).toBe('␣ x');
    expect(formatActivation(3.14159)).toBe('3.14');
    expect(formatActivation(0.000012)).toBe('1.20e-5');
    expect(formatActivation(123.456)).toBe('123.5');
    expect(formatFrequency(0.0123)).toBe('1.23%');
    expect(formatFrequency(0.000123)).toBe('0.0123%');
    expect(formatFrequency(0)).toBe('0%');
    expect(formatFrequency(1e-7)).toBe('1.0e-5%');
  });
});
