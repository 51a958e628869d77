import {
  Accordion,
  Alert,
  Button,
  Divider,
  Drawer,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { RUN_CADENCE_DEFAULTS, trainingConfigSchema, type TrainingConfigInput } from '../../../shared/contract/training';
import type { TrainingHyperparameters, TrainingRecord } from '../../../shared/types/training';
import { getClient } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError } from '../../components/notify';
import { formatCount } from '../format';
import { ARCHITECTURE_LABELS } from '../../../shared/sae-architectures';
import { ArchitectureAdvancedFields, SparsityField } from './ArchitectureFields';
import { defaultHyperparameters, rangeOf } from './fields';
import { NumberField } from './NumberField';
import { EngineField, type EngineChoice } from './EngineField';
import { TemplatePicker } from './TemplatePicker';

type Hp = TrainingHyperparameters;
interface RunSettings {
  checkpointEvery: number;
  metricsEvery: number;
  evalEvery: number;
  evalTokens: number;
  engine: EngineChoice;
}

const RUN_DEFAULTS: RunSettings = { ...RUN_CADENCE_DEFAULTS, engine: 'settings' };

export function NewTrainingDrawer({
  opened,
  onClose,
  onCreated,
  preset,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (t: TrainingRecord) => void;
  preset: { activationSetId: string; hook: string } | null;
}) {
  const sets = useQuery('activations.list', {}, { deps: [opened] });
  const models = useQuery('models.list', {}, { deps: [opened] });
  const datasets = useQuery('datasets.list', {}, { deps: [opened] });
  const settings = useQuery('settings.get', {}, { deps: [opened] });
  const [sourceKind, setSourceKind] = useState<'activations' | 'model'>('activations');
  const [setId, setSetId] = useState<string | null>(null);
  const [modelId, setModelId] = useState<string | null>(null);
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [hook, setHook] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [hp, setHp] = useState<Hp>(defaultHyperparameters);
  const [run, setRun] = useState<RunSettings>(RUN_DEFAULTS);
  const [busy, setBusy] = useState(false);

  // Each opening starts from the schema's defaults with Settings → training defaults on top.
  const defaults = settings.data?.trainingDefaults;
  useEffect(() => {
    if (opened && defaults) setHp({ ...defaultHyperparameters(), ...defaults });
  }, [opened, defaults]);
  const readySets = (sets.data ?? []).filter((s) => s.status === 'ready');
  const readyModels = (models.data ?? []).filter((m) => m.status === 'ready');
  useEffect(() => {
    if (!opened) return;
    if (preset) {
      setSourceKind('activations');
      setSetId(preset.activationSetId);
      setHook(preset.hook);
    }
  }, [opened, preset]);
  // Sensible first choices: the newest ready activation set (or model) and its middle residual hook.
  useEffect(() => {
    if (sourceKind === 'activations' && !setId && readySets[0]) {
      setSetId(readySets[0].id);
      setHook(readySets[0].hooks[0] ?? null);
    }
    if (sourceKind === 'model' && !modelId && readyModels[0]) setModelId(readyModels[0].id);
  }, [sourceKind, setId, modelId, readySets, readyModels]);

  const set = readySets.find((s) => s.id === setId) ?? null;
  const model = readyModels.find((m) => m.id === (sourceKind === 'activations' ? set?.modelId : modelId)) ?? null;
  const tokenizedForModel = (datasets.data ?? []).filter((d) => d.tokenization && d.tokenization.modelId === model?.id);
  useEffect(() => {
    if (sourceKind === 'model' && model && !hook) {
      const mid = Math.floor((model.architecture?.nLayers ?? 1) / 2);
      setHook(`blocks.${mid}.hook_resid_post`);
    }
    if (sourceKind === 'model' && !datasetId && tokenizedForModel[0]) setDatasetId(tokenizedForModel[0].id);
  }, [sourceKind, model, hook, datasetId, tokenizedForModel]);

  const hookOptions = sourceKind === 'activations' ? (set?.hooks ?? []) : (model?.hooks.map((h) => h.name) ?? []);
  const dIn = model?.architecture?.dModel ?? set?.dModel ?? 0;
  const setField = (k: keyof Hp, v: number | string | boolean) => setHp((h) => ({ ...h, [k]: v }));

  const config: TrainingConfigInput | null =
    hook && (sourceKind === 'activations' ? setId : modelId && datasetId)
      ? {
          ...(name.trim() ? { name: name.trim() } : {}),
          source:
            sourceKind === 'activations'
              ? { kind: 'activations', activationSetId: setId! }
              : { kind: 'model', modelId: modelId!, datasetId: datasetId! },
          hook,
          hyperparameters: hp,
          checkpointEvery: run.checkpointEvery,
          metricsEvery: run.metricsEvery,
          evalEvery: run.evalEvery,
          evalTokens: run.evalTokens,
          ...(run.engine !== 'settings' ? { engine: run.engine } : {}),
        }
      : null;
  const validation = config ? trainingConfigSchema.safeParse(config) : null;
  const problems = validation && !validation.success ? validation.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) : [];
  const tokensPerEpoch =
    sourceKind === 'activations'
      ? (set?.tokenCount ?? 0)
      : (tokenizedForModel.find((d) => d.id === datasetId)?.tokenization?.totalTokens ?? 0);
  const trainingTokens = hp.totalSteps * hp.batchSize;

  const submit = async () => {
    if (!config || problems.length) return;
    setBusy(true);
    try {
      const t = await getClient().invoke('training.create', { config });
      onCreated(t);
      onClose();
    } catch (err) {
      notifyError(err, 'Could not start the training');
    } finally {
      setBusy(false);
    }
  };

  const templateConfig = {
    hook: hook ?? undefined,
    hyperparameters: hp,
    checkpointEvery: run.checkpointEvery,
    metricsEvery: run.metricsEvery,
    evalEvery: run.evalEvery,
    evalTokens: run.evalTokens,
  };
  const loadTemplate = (c: Record<string, unknown>) => {
    const h = (c.hyperparameters ?? {}) as Partial<Hp>;
    setHp({ ...defaultHyperparameters(), ...h });
    setRun((r) => ({
      ...r,
      ...(typeof c.checkpointEvery === 'number' ? { checkpointEvery: c.checkpointEvery } : {}),
      ...(typeof c.metricsEvery === 'number' ? { metricsEvery: c.metricsEvery } : {}),
      ...(typeof c.evalEvery === 'number' ? { evalEvery: c.evalEvery } : {}),
      ...(typeof c.evalTokens === 'number' ? { evalTokens: c.evalTokens } : {}),
    }));
    if (typeof c.hook === 'string' && hookOptions.includes(c.hook)) setHook(c.hook);
  };

  return (
    <Drawer opened={opened} onClose={onClose} title="New SAE training" position="right" size={560} data-testid="new-training">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <TemplatePicker kind="training" current={templateConfig} onLoad={loadTemplate} />
          <SegmentedControl
            value={sourceKind}
            onChange={(v) => {
              setSourceKind(v as 'activations' | 'model');
              setHook(null);
            }}
            data={[
              { value: 'activations', label: 'From an activation set' },
              { value: 'model', label: 'Stream from the model' },
            ]}
          />
          {sourceKind === 'activations' ? (
            readySets.length ? (
              <Select
                label="Activation set"
                data={readySets.map((s) => ({ value: s.id, label: `${s.name} (${formatCount(s.tokenCount)} tokens)` }))}
                value={setId}
                onChange={(v) => {
                  setSetId(v);
                  setHook(readySets.find((s) => s.id === v)?.hooks[0] ?? null);
                }}
                allowDeselect={false}
                data-testid="train-set"
              />
            ) : (
              <Alert color="yellow" icon={<IconInfoCircle size={16} />}>
                No activation set yet: extract one in the Activation sets tab, or stream from the model.
              </Alert>
            )
          ) : (
            <SimpleGrid cols={2}>
              <Select
                label="Model"
                data={readyModels.map((m) => ({ value: m.id, label: m.name }))}
                value={modelId}
                onChange={(v) => {
                  setModelId(v);
                  setHook(null);
                  setDatasetId(null);
                }}
                allowDeselect={false}
              />
              <Select
                label="Dataset (tokenized for it)"
                data={tokenizedForModel.map((d) => ({ value: d.id, label: d.name }))}
                value={datasetId}
                onChange={setDatasetId}
                placeholder={tokenizedForModel.length ? undefined : 'tokenize one on the Datasets tab'}
                allowDeselect={false}
              />
            </SimpleGrid>
          )}
          <SimpleGrid cols={2}>
            <Select
              label="Hook"
              data={hookOptions}
              value={hook}
              onChange={setHook}
              searchable
              allowDeselect={false}
              data-testid="train-hook"
            />
            <TextInput label="Name (optional)" value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="auto" />
          </SimpleGrid>
          <Divider label="SAE" labelPosition="left" />
          <SegmentedControl
            value={hp.architecture}
            onChange={(v) =>
              setHp((h) => ({ ...h, architecture: v as Hp['architecture'], ghostGradients: v === 'standard' ? h.ghostGradients : false }))
            }
            fullWidth
            size="xs"
            data={Object.entries(ARCHITECTURE_LABELS).map(([value, label]) => ({ value, label }))}
            data-testid="hp-architecture"
          />
          <SimpleGrid cols={2}>
            <Select
              label="Expansion factor"
              description={dIn ? `d_sae = ${hp.expansionFactor} × ${dIn} = ${formatCount(hp.expansionFactor * dIn)}` : undefined}
              data={['2', '4', '8', '16', '32'].map((v) => ({ value: v, label: `${v}×` }))}
              value={String(hp.expansionFactor)}
              onChange={(v) => setField('expansionFactor', Number(v))}
              allowDeselect={false}
              size="xs"
            />
            <SparsityField hp={hp} set={setField} />
            <NumberField
              label="Training steps"
              hp={hp}
              k="totalSteps"
              set={setField}
              step={100}
              description={`${formatCount(trainingTokens)} tokens${tokensPerEpoch ? ` ≈ ${(trainingTokens / tokensPerEpoch).toFixed(1)} epochs` : ''}`}
            />
            <Select
              label="Batch size (tokens)"
              data={['64', '128', '256', '512', '1024', '2048', '4096'].map((v) => ({ value: v, label: v }))}
              value={String(hp.batchSize)}
              onChange={(v) => setField('batchSize', Number(v))}
              allowDeselect={false}
              size="xs"
            />
          </SimpleGrid>
          <Accordion variant="separated" data-testid="advanced">
            <Accordion.Item value="advanced">
              <Accordion.Control>Advanced</Accordion.Control>
              <Accordion.Panel>
                <SimpleGrid cols={2} spacing="xs">
                  <NumberField label="Learning rate" hp={hp} k="learningRate" set={setField} step={1e-4} decimals={6} />
                  <Select
                    label="Optimizer"
                    data={[
                      { value: 'adam', label: 'Adam' },
                      { value: 'adamw', label: 'AdamW' },
                      { value: 'sgd', label: 'SGD' },
                    ]}
                    value={hp.optimizer}
                    onChange={(v) => setField('optimizer', v ?? 'adam')}
                    allowDeselect={false}
                    size="xs"
                    data-testid="hp-optimizer"
                  />
                  <Select
                    label="LR schedule"
                    data={['constant', 'linear', 'cosine', 'exponential']}
                    value={hp.lrSchedule}
                    onChange={(v) => setField('lrSchedule', v ?? 'constant')}
                    allowDeselect={false}
                    size="xs"
                  />
                  <NumberField label="LR warm-up steps" hp={hp} k="lrWarmupSteps" set={setField} />
                  <ArchitectureAdvancedFields
                    hp={hp}
                    set={setField}
                    setWidths={(w) => setHp((h) => ({ ...h, matryoshkaWidths: w }))}
                    dSae={dIn * hp.expansionFactor}
                  />
                  {hp.optimizer !== 'sgd' && (
                    <>
                      <NumberField label="Adam β1" hp={hp} k="adamBeta1" set={setField} step={0.01} decimals={4} />
                      <NumberField label="Adam β2" hp={hp} k="adamBeta2" set={setField} step={0.001} decimals={5} />
                    </>
                  )}
                  {hp.optimizer === 'adamw' && (
                    <NumberField
                      label="Weight decay"
                      hp={hp}
                      k="weightDecay"
                      set={setField}
                      step={0.01}
                      decimals={4}
                      description="decoupled (AdamW): θ ← θ·(1 − lr·wd) each step"
                    />
                  )}
                  <NumberField label="Resample dead every N steps (0 = off)" hp={hp} k="resampleEvery" set={setField} step={100} />
                  <NumberField label="Dead window (tokens)" hp={hp} k="deadWindowTokens" set={setField} step={10000} />
                  <NumberField
                    label="Dense threshold (fraction of tokens)"
                    hp={hp}
                    k="denseThreshold"
                    set={setField}
                    step={0.005}
                    decimals={4}
                    description={`a feature firing on more than ${+(hp.denseThreshold * 100).toFixed(2)}% of the dead-window tokens counts as dense`}
                  />
                  <NumberField label="Seed" hp={hp} k="seed" set={setField} />
                </SimpleGrid>
                <Group mt="sm" gap="xl" align="flex-start">
                  <Switch
                    label="Normalise inputs to √d_in"
                    checked={hp.normalizeInputs}
                    onChange={(e) => setField('normalizeInputs', e.currentTarget.checked)}
                  />
                  <Switch
                    label="Ghost gradients"
                    description={
                      hp.architecture === 'standard'
                        ? 'revive dead features with an extra loss term (ReLU SAEs; runs on TensorFlow.js)'
                        : `ReLU SAEs only — ${hp.architecture === 'jumprelu' ? 'JumpReLU trains its thresholds instead' : 'TopK and BatchTopK use AuxK for dead features'}`
                    }
                    checked={hp.ghostGradients}
                    disabled={hp.architecture !== 'standard'}
                    onChange={(e) => setField('ghostGradients', e.currentTarget.checked)}
                  />
                </Group>
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
                    settingsEngine={settings.data?.trainingEngine}
                    ghostGradients={hp.ghostGradients}
                    opened={opened}
                  />
                </SimpleGrid>
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
          {problems.length > 0 && (
            <Alert color="red" title="Fix before starting" data-testid="train-problems">
              {problems.map((p) => (
                <Text key={p} size="xs">
                  {p}
                </Text>
              ))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!config || problems.length > 0} data-testid="train-submit">
              Start training
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
