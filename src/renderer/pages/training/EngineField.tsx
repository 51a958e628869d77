import { Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DoctorReport } from '../../../shared/types/system';
import { getClient } from '../../api/client';

export type EngineChoice = 'auto' | 'tfjs' | 'ort' | 'settings';
const NAMES = { ort: 'ONNX Runtime', tfjs: 'TensorFlow.js' } as const;

/** What `auto` picks on this machine (the doctor's rule), fetched once per app session: it loads tfjs in a worker. */
let doctorOnce: Promise<DoctorReport['trainingEngine']> | null = null;

/** The engine select, saying which engine each choice will actually run here (and why). */
export function EngineField({
  value,
  onChange,
  settingsEngine,
  ghostGradients,
  opened,
}: {
  value: EngineChoice;
  onChange: (v: EngineChoice) => void;
  settingsEngine: 'auto' | 'tfjs' | 'ort' | undefined;
  ghostGradients: boolean;
  opened: boolean;
}) {
  const [auto, setAuto] = useState<DoctorReport['trainingEngine'] | null>(null);
  useEffect(() => {
    if (!opened) return;
    doctorOnce ??= getClient()
      .invoke('system.doctor', {})
      .then((d) => d.trainingEngine);
    doctorOnce.then(setAuto).catch(() => {
      doctorOnce = null;
    });
  }, [opened]);
  const resolve = (e: 'auto' | 'tfjs' | 'ort' | undefined): string => {
    if (e === 'ort' || e === 'tfjs') return NAMES[e];
    if (ghostGradients) return NAMES.tfjs;
    return auto ? NAMES[auto.selected] : '…';
  };
  const effective = value === 'settings' ? settingsEngine : value;
  const why =
    ghostGradients && (effective === 'auto' || effective === undefined)
      ? 'ghost gradients run only on TensorFlow.js'
      : effective === 'auto' || effective === undefined
        ? (auto?.reason ?? '')
        : 'chosen explicitly';
  return (
    <Select
      size="xs"
      label="Engine"
      description={`Runs on ${resolve(effective)}${why ? ` — ${why}` : ''}`}
      data={[
        { value: 'settings', label: `From Settings (${settingsEngine ?? '…'} → ${resolve(settingsEngine)})` },
        { value: 'auto', label: `auto (→ ${resolve('auto')})` },
        { value: 'ort', label: 'ONNX Runtime' },
        { value: 'tfjs', label: 'TensorFlow.js' },
      ]}
      value={value}
      onChange={(v) => onChange((v ?? 'settings') as EngineChoice)}
      allowDeselect={false}
      data-testid="train-engine"
    />
  );
}
