import { hyperparametersSchema } from '../../../../shared/contract/training';

type NumericHyperparameter = {
  [K in keyof typeof hyperparametersSchema.shape]: (typeof hyperparametersSchema.shape)[K] extends { unwrap(): { isInt: boolean } }
    ? K
    : never;
}[keyof typeof hyperparametersSchema.shape];

export interface ValueRule {
  min: number;
  max: number;
  integer: boolean;
}

/** The contract's range and integrality of a numeric hyperparameter (one source for both). */
export function valueRule(parameter: NumericHyperparameter): ValueRule {
  const n = hyperparametersSchema.shape[parameter].unwrap();
  return { min: n.minValue ?? -Infinity, max: n.maxValue ?? Infinity, integer: n.isInt };
}

/**
 * One sweep axis' values as the researcher types them: numbers separated by commas and/or
 * spaces ("16, 32, 64", "1e-3 3e-3"). Every value is checked against the contract's range;
 * a value given twice would make two identical runs, so it is refused too.
 */
export function parseAxisValues(text: string, rule: ValueRule): { values: number[]; problems: string[] } {
  const values: number[] = [];
  const problems: string[] = [];
  for (const word of text.split(/[\s,;]+/).filter(Boolean)) {
    const v = Number(word);
    if (!Number.isFinite(v)) problems.push(`“${word}” is not a number`);
    else if (rule.integer && !Number.isInteger(v)) problems.push(`${word} is not a whole number`);
    else if (v < rule.min || v > rule.max) problems.push(`${word} is outside ${rule.min}–${rule.max}`);
    else if (values.includes(v)) problems.push(`${word} is listed twice`);
    else values.push(v);
  }
  return { values, problems };
}

export type { NumericHyperparameter };
