import { Divider, NumberInput, SimpleGrid } from '@mantine/core';
import { RUN_CADENCE_DEFAULTS } from '../../../shared/contract/training';
import { EngineField, type EngineChoice } from './EngineField';
import { rangeOf } from './fields';

/** The drawer's per-run settings: checkpoint/metrics/eval cadence and the engine (docs/training.md, "Runs in the app"). */
export interface RunSettings {
  checkpointEvery: number;
  metricsEvery: number;
  evalEvery: number;
  evalTokens: number;
  engine: EngineChoice;
}

export const RUN_DEFAULTS: RunSettings = { ...RUN_CADENCE_DEFAULTS, engine: 'settings' };

/** The "Run" part of the drawer's Advanced panel. */
export function RunSettingsFields({
  run,
  setRun,
  settingsEngine,
  ghostGradients,
  opened,
}: {
  run: RunSettings;
  setRun: (r: RunSettings) => void;
  settingsEngine: 'auto' | 'tfjs' | 'ort' | undefined;
  ghostGradients: boolean;
  opened: boolean;
}) {
  return (
    <>
      <Divider my="sm" label="Run" labelPosition="left" />
      <SimpleGrid cols={2} spacing="xs">
        <NumberInput
          size="xs"
          label="Auto-save checkpoint every N steps (0 = end only)"
          value={run.checkpointEvery}
          min={rangeOf('checkpointEvery').min}
          max={rangeOf('checkpointEvery').max}
          onChange={(v) => setRun({ ...run, checkpointEvery: Number(v) })}
        />
        <NumberInput
          size="xs"
          label="Metrics every N steps"
          value={run.metricsEvery}
          min={1}
          max={rangeOf('metricsEvery').max}
          onChange={(v) => setRun({ ...run, metricsEvery: Number(v) })}
        />
        <NumberInput
          size="xs"
          label="Splice eval every N steps (0 = off)"
          value={run.evalEvery}
          min={0}
          max={rangeOf('evalEvery').max}
          onChange={(v) => setRun({ ...run, evalEvery: Number(v) })}
        />
        <NumberInput
          size="xs"
          label="Held-out tokens per eval"
          value={run.evalTokens}
          min={rangeOf('evalTokens').min}
          max={rangeOf('evalTokens').max}
          onChange={(v) => setRun({ ...run, evalTokens: Number(v) })}
        />
        <EngineField
          value={run.engine}
          onChange={(engine) => setRun({ ...run, engine })}
          settingsEngine={settingsEngine}
          ghostGradients={ghostGradients}
          opened={opened}
        />
      </SimpleGrid>
    </>
  );
}
