import { ActionIcon, Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconStar, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import type { FeatureSummary } from '../../../shared/types/features';
import { DENSITY_COLORS } from './FeatureStatCards';
import { LabelEditor } from './LabelEditor';
import { formatActivation, formatFrequency, tokenLabel } from './shade';

export const ROW_HEIGHT = 50;
/** id · label over top tokens · frequency · max · proxy · star */
export const ROW_COLUMNS = '62px minmax(0, 1fr) 66px 50px 40px 28px';

export function FeatureRowHeader() {
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: ROW_COLUMNS,
        gap: 8,
        padding: '4px 10px',
        borderBottom: '1px solid var(--mantine-color-dark-4)',
      }}
    >
      {['Feature', 'Label · top tokens', 'Freq.', 'Max', 'Proxy', ''].map((h, i) => (
        <Text key={i} size="xs" c="dimmed" fw={600} tt="uppercase" ta={i >= 2 && i <= 4 ? 'right' : undefined}>
          {h}
        </Text>
      ))}
    </div>
  );
}

/** One feature in the browser: click opens it; the pencil edits the label in place; the star favourites. */
export function FeatureRow({
  f,
  selected,
  onOpen,
  onLabel,
  onStar,
}: {
  f: FeatureSummary;
  selected: boolean;
  onOpen: () => void;
  onLabel: (label: string | null) => Promise<unknown>;
  onStar: () => void;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <div
      role="row"
      aria-selected={selected}
      onClick={onOpen}
      data-testid="feature-row"
      data-feature={f.featureIndex}
      data-max={f.maxActivation}
      data-frequency={f.frequency}
      style={{
        display: 'grid',
        gridTemplateColumns: ROW_COLUMNS,
        gap: 8,
        alignItems: 'center',
        height: ROW_HEIGHT,
        padding: '0 10px',
        cursor: 'pointer',
        borderBottom: '1px solid var(--mantine-color-dark-6)',
        background: selected ? 'var(--mantine-color-dark-5)' : undefined,
        borderLeft: `3px solid ${selected ? 'var(--mantine-color-emerald-6)' : 'transparent'}`,
      }}
    >
      <Group gap={4} wrap="nowrap">
        <Tooltip label={`${f.densityBucket}`} openDelay={300}>
          <span
            style={{
              width: 7,
              height: 7,
              borderRadius: 7,
              background: `var(--mantine-color-${DENSITY_COLORS[f.densityBucket]}-5)`,
              flex: 'none',
            }}
          />
        </Tooltip>
        <Text size="sm" ff="monospace">
          #{f.featureIndex}
        </Text>
      </Group>
      <div style={{ minWidth: 0 }}>
        {editing ? (
          <LabelEditor
            value={f.label}
            suggestion={f.suggestedLabel}
            onSave={onLabel}
            size="xs"
            autoFocus
            onDone={() => setEditing(false)}
            testId="feature-row-label-input"
          />
        ) : (
          <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text
              size="sm"
              truncate
              c={f.label ? undefined : 'dimmed'}
              fs={f.label ? undefined : 'italic'}
              lh={1.3}
              data-testid="feature-row-label"
            >
              {f.label ?? f.suggestedLabel ?? 'unlabelled'}
            </Text>
            <ActionIcon
              size="xs"
              variant="subtle"
              color="gray"
              aria-label={`Edit the label of feature ${f.featureIndex}`}
              onClick={(e) => {
                e.stopPropagation();
                setEditing(true);
              }}
              data-testid="feature-row-edit"
            >
              <IconPencil size={12} />
            </ActionIcon>
          </Group>
        )}
        {!editing && (
          <Group gap={3} wrap="nowrap" style={{ overflow: 'hidden' }} data-testid="feature-row-tokens">
            {f.topTokens.slice(0, 5).map((t, i) => (
              <Badge
                key={i}
                size="xs"
                variant="default"
                radius="sm"
                style={{ textTransform: 'none', fontFamily: 'var(--mantine-font-family-monospace)', flex: 'none', maxWidth: 90 }}
              >
                {tokenLabel(t)}
              </Badge>
            ))}
          </Group>
        )}
      </div>
      <Text size="xs" ff="monospace" ta="right">
        {formatFrequency(f.frequency)}
      </Text>
      <Text size="xs" ff="monospace" ta="right">
        {formatActivation(f.maxActivation)}
      </Text>
      <Text size="xs" ff="monospace" ta="right">
        {f.proxy === null ? '—' : f.proxy.toFixed(2)}
      </Text>
      <ActionIcon
        size="sm"
        variant="subtle"
        color="yellow"
        aria-label={f.isFavorite ? `Unstar feature ${f.featureIndex}` : `Star feature ${f.featureIndex}`}
        aria-pressed={f.isFavorite}
        onClick={(e) => {
          e.stopPropagation();
          onStar();
        }}
        data-testid="feature-row-star"
      >
        {f.isFavorite ? <IconStarFilled size={15} /> : <IconStar size={15} />}
      </ActionIcon>
    </div>
  );
}
