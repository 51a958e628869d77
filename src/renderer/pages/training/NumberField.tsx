import { NumberInput } from '@mantine/core';
import type { TrainingHyperparameters } from '../../../shared/types/training';
import { rangeOf } from './fields';

type Hp = TrainingHyperparameters;

/** One numeric hyperparameter with the contract's range (the "Advanced" panel, docs/training.md "Hyperparameters"). */
export function NumberField({
  label,
  hp,
  k,
  set,
  step,
  decimals,
  description,
}: {
  label: string;
  hp: Hp;
  k: keyof Hp;
  set: (k: keyof Hp, v: number) => void;
  step?: number;
  decimals?: number;
  description?: string;
}) {
  const { min, max } = rangeOf(k as never);
  return (
    <NumberInput
      label={label}
      description={description}
      value={hp[k] as number}
      min={min}
      max={max}
      step={step}
      decimalScale={decimals}
      onChange={(v) => set(k, typeof v === 'number' ? v : Number(v))}
      data-testid={`hp-${String(k)}`}
      size="xs"
    />
  );
}
