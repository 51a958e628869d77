import { Group, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { FeatureExamples } from '../../../../shared/types/features';
import { formatActivation, visibleToken } from '../shade';
import { colourOf, type ScaleKind } from './colour-scales';
import { Legend } from './Legend';

const CELL = 30;

/**
 * Activation heatmap (docs/analysis.md): the feature's top contexts as a sequences × tokens grid, one cell per token coloured by
 * its activation (sequential from 0 to the feature's max, or diverging around 0), token and value
 * on hover.
 */
export function ActivationHeatmapTab({ examples, maxActivation }: { examples: FeatureExamples; maxActivation: number }) {
  const [kind, setKind] = useState<ScaleKind>('sequential');
  const rows = examples.top;
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        This feature has no top contexts (it never fired in the pass).
      </Text>
    );
  const limit = Math.max(maxActivation, ...rows.flatMap((r) => r.activations.map(Math.abs)));
  const width = Math.max(...rows.map((r) => r.tokens.length));
  return (
    <Stack gap="xs" data-testid="activation-heatmap">
      <Group justify="space-between">
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={(v) => setKind(v as ScaleKind)}
          data={[
            { value: 'sequential', label: 'Sequential' },
            { value: 'diverging', label: 'Diverging' },
          ]}
          data-testid="heatmap-scale"
        />
        <Legend kind={kind} low={kind === 'sequential' ? 0 : -limit} high={limit} unit="activation" />
      </Group>
      <Text size="xs" c="dimmed">
        {rows.length} top contexts (rows) × up to {width} tokens around the peak (columns); the peak token is outlined.
      </Text>
      <div style={{ overflowX: 'auto' }}>
        {rows.map((r, i) => (
          <div key={i} style={{ display: 'flex', gap: 1, marginBottom: 1 }} data-testid="heatmap-row">
            {r.tokens.map((t, j) => (
              <Tooltip key={j} label={`${JSON.stringify(visibleToken(t))} · ${formatActivation(r.activations[j] ?? 0)}`} openDelay={50}>
                <div
                  data-testid="heatmap-cell"
                  data-value={r.activations[j] ?? 0}
                  style={{
                    width: CELL,
                    height: 20,
                    flex: 'none',
                    background: colourOf(kind, r.activations[j] ?? 0, limit),
                    outline: j === r.peakIndex ? '2px solid #fff' : undefined,
                    fontSize: 9,
                    lineHeight: '20px',
                    overflow: 'hidden',
                    textAlign: 'center',
                    color: (kind === 'sequential') === Math.abs(r.activations[j] ?? 0) / limit > 0.6 ? '#111' : '#eee',
                  }}
                >
                  {visibleToken(t).trim().slice(0, 4)}
                </div>
              </Tooltip>
            ))}
          </div>
        ))}
      </div>
    </Stack>
  );
}
