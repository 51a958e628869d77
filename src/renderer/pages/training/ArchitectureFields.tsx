import type { TrainingHyperparameters } from '../../../shared/types/training';
import { MatryoshkaWidthsField } from './MatryoshkaWidthsField';
import { NumberField } from './NumberField';

type Hp = TrainingHyperparameters;
type Set = (k: keyof Hp, v: number) => void;

/**
 * The sparsity knob of the chosen architecture, for the drawer's main grid: k for TopK,
 * BatchTopK and Matryoshka, the L0 coefficient for JumpReLU, the L1 coefficient for standard SAEs.
 */
export function SparsityField({ hp, set }: { hp: Hp; set: Set }) {
  switch (hp.architecture) {
    case 'topk':
      return <NumberField label="k (active features per token)" hp={hp} k="k" set={set} />;
    case 'batchtopk':
    case 'matryoshka':
      return (
        <NumberField
          label="k (mean active features per token)"
          hp={hp}
          k="k"
          set={set}
          description="the batch keeps its k × batch largest activations"
        />
      );
    case 'jumprelu':
      return (
        <NumberField
          label="L0 coefficient (λ)"
          hp={hp}
          k="l0Coefficient"
          set={set}
          step={0.1}
          decimals={4}
          description="penalty on active features per token (SAELens default 1)"
        />
      );
    default:
      return (
        <NumberField
          label="L1 coefficient (λ)"
          hp={hp}
          k="l1Coefficient"
          set={set}
          step={0.5}
          decimals={4}
          description="inputs normalised to √d_in; useful ~1–10"
        />
      );
  }
}

/**
 * The chosen architecture's own advanced fields (only those; the rest of the panel is shared).
 * dSae (0 when no source is picked yet) lets Matryoshka show its levels in features.
 */
export function ArchitectureAdvancedFields({
  hp,
  set,
  setWidths,
  dSae,
}: {
  hp: Hp;
  set: Set;
  setWidths: (fractions: number[]) => void;
  dSae: number;
}) {
  switch (hp.architecture) {
    case 'standard':
    case 'gated':
      return <NumberField label="L1 warm-up steps" hp={hp} k="l1WarmupSteps" set={set} />;
    case 'jumprelu':
      return (
        <>
          <NumberField label="L0 warm-up steps" hp={hp} k="l1WarmupSteps" set={set} />
          <NumberField
            label="STE bandwidth ε"
            hp={hp}
            k="jumpReluBandwidth"
            set={set}
            step={0.0005}
            decimals={5}
            description="width of the rectangle kernel that trains the thresholds"
          />
          <NumberField label="Initial threshold θ₀" hp={hp} k="jumpReluInitThreshold" set={set} step={0.0005} decimals={5} />
        </>
      );
    case 'batchtopk':
    case 'matryoshka':
      return (
        <>
          {hp.architecture === 'matryoshka' && <MatryoshkaWidthsField value={hp.matryoshkaWidths} dSae={dSae} set={setWidths} />}
          <NumberField label="AuxK coefficient" hp={hp} k="auxKCoefficient" set={set} step={0.01} decimals={4} />
          <NumberField
            label="Threshold rate"
            hp={hp}
            k="topkThresholdLr"
            set={set}
            step={0.005}
            decimals={4}
            description="running mean of the smallest kept activation; the threshold used after training"
          />
        </>
      );
    default:
      return <NumberField label="AuxK coefficient" hp={hp} k="auxKCoefficient" set={set} step={0.01} decimals={4} />;
  }
}
