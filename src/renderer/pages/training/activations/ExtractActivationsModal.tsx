import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Input,
  List,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import type { TemplateRecord } from '../../../../shared/types/activations';
import { getClient } from '../../../api/client';
import { useEvent, useQuery } from '../../../api/hooks';
import { notifyError, notifySuccess } from '../../../components/notify';
import { formatCount } from '../../format';
import { EstimateLine } from './EstimateLine';
import { ExtractionTemplates } from './ExtractionTemplates';
import {
  applyTemplate,
  availableHookTypes,
  datasetsFor,
  draftProblems,
  EMPTY_DRAFT,
  tokenizationWindow,
  toExtractionConfig,
  toTemplateConfig,
  withDataset,
  withModel,
  type ExtractionDraft,
} from './extraction';
import { HookTypePicker } from './HookTypePicker';
import { LayerPicker } from './LayerPicker';

/** "Extract activations" (docs/activations.md): the form in a modal; its state starts fresh at each opening. */
export function ExtractActivationsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Extract activations" size={980} padding="lg">
      <ExtractForm onClose={onClose} />
    </Modal>
  );
}

function ExtractForm({ onClose }: { onClose: () => void }) {
  const { data: models, reload: reloadModels } = useQuery('models.list', {});
  const { data: datasets, reload: reloadDatasets } = useQuery('datasets.list', {});
  useEvent('models.changed', () => void reloadModels());
  useEvent('datasets.changed', () => void reloadDatasets());
  const ready = (models ?? []).filter((m) => m.status === 'ready' && m.architecture);
  const [draft, setDraft] = useState<ExtractionDraft>(EMPTY_DRAFT);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [templateNotes, setTemplateNotes] = useState<string[]>([]);

  const model = ready.find((m) => m.id === draft.modelId) ?? null;
  const usable = datasetsFor(model, datasets ?? []);
  const dataset = usable.find((d) => d.id === draft.datasetId) ?? null;
  const tok = dataset?.tokenization ?? null;
  const problems = draftProblems(draft, model, dataset);

  // First model with a dataset tokenized for it (else the first ready one), once both lists load.
  useEffect(() => {
    if (draft.modelId || !models || !datasets || ready.length === 0) return;
    const first = ready.find((m) => datasetsFor(m, datasets).length > 0) ?? ready[0]!;
    setDraft((d) => withModel(d, first, datasets));
  }, [models, datasets, ready, draft.modelId]);

  const set = <K extends keyof ExtractionDraft>(k: K, v: ExtractionDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const chooseModel = (id: string | null) => {
    const m = ready.find((x) => x.id === id);
    if (m) setDraft((d) => withModel(d, m, datasets ?? []));
  };
  const chooseDataset = (id: string | null) => setDraft((d) => withDataset(d, usable.find((x) => x.id === id) ?? null));
  const loadTemplate = (t: TemplateRecord) => {
    const { draft: next, notes } = applyTemplate(draft, t.config, model, dataset);
    setDraft(next);
    setTemplateNotes(notes);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problems.length || !dataset || busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      const { set: created } = await getClient().invoke('activations.extract', { config: toExtractionConfig(draft, dataset) });
      notifySuccess(`${created.name}: ${created.hooks.length} hook${created.hooks.length === 1 ? '' : 's'}`, 'Extraction started');
      onClose();
    } catch (err) {
      setRefusal(err instanceof Error ? err.message : String(err));
      notifyError(err, 'Extraction refused');
    } finally {
      setBusy(false);
    }
  };

  if (models && ready.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No model is ready. Import one on the <Anchor href="#/models">Models</Anchor> tab first.
      </Text>
    );
  }

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="extract-form" noValidate>
      <Stack gap="md">
        <div>
          <ExtractionTemplates currentConfig={() => toTemplateConfig(draft, dataset)} onLoad={loadTemplate} />
          {templateNotes.length > 0 && (
            <Text size="xs" c="yellow.4" mt={4} data-testid="extract-template-notes">
              Loaded, except: {templateNotes.join('; ')}.
            </Text>
          )}
        </div>
        <SimpleGrid cols={2} spacing="xl">
          <Stack gap="md">
            <Select
              label="Model"
              data={ready.map((m) => ({ value: m.id, label: m.name }))}
              value={draft.modelId}
              onChange={chooseModel}
              allowDeselect={false}
              placeholder="Loading models…"
              data-testid="extract-model"
            />
            {model && usable.length === 0 ? (
              <Alert variant="outline" color="yellow" title="No dataset tokenized for this model" data-testid="extract-no-dataset">
                Extraction reads a dataset's token shards: tokenize a dataset for this model on the{' '}
                <Anchor href="#/datasets">Datasets</Anchor> tab.
              </Alert>
            ) : (
              <Select
                label="Dataset"
                description="Only datasets tokenized with this model's tokenizer"
                data={usable.map((d) => ({ value: d.id, label: d.name }))}
                value={draft.datasetId}
                onChange={chooseDataset}
                allowDeselect={false}
                placeholder="Choose a dataset"
                data-testid="extract-dataset"
              />
            )}
            {model?.architecture && (
              <LayerPicker nLayers={model.architecture.nLayers} value={draft.layers} onChange={(v) => set('layers', v)} />
            )}
            <TextInput
              label="Name (optional)"
              placeholder="default: model · dataset · layers hooks"
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              maxLength={200}
              data-testid="extract-name"
            />
          </Stack>
          <Stack gap="md">
            {model && (
              <HookTypePicker available={availableHookTypes(model)} value={draft.hookTypes} onChange={(v) => set('hookTypes', v)} />
            )}
            <Group grow align="flex-start">
              <NumberInput
                label="Batch size"
                description="windows per forward pass"
                value={draft.batchSize}
                onChange={(v) => set('batchSize', v)}
                min={1}
                max={512}
                allowDecimal={false}
                data-testid="extract-batch-size"
              />
              <div>
                <Input.Label>Precision</Input.Label>
                <Input.Description mb={5}>on disk</Input.Description>
                <SegmentedControl
                  fullWidth
                  value={draft.dtype}
                  onChange={(v) => set('dtype', v as ExtractionDraft['dtype'])}
                  data={['float32', 'float16']}
                  data-testid="extract-dtype"
                />
              </div>
            </Group>
            <Group grow align="flex-start">
              <NumberInput
                label="Max tokens"
                description={tok ? `the dataset has ${formatCount(tok.totalTokens)} tokens` : 'activation rows per hook'}
                value={draft.maxTokens}
                onChange={(v) => set('maxTokens', v)}
                min={1}
                max={1e10}
                allowDecimal={false}
                thousandSeparator=","
                disabled={draft.wholeDataset}
                data-testid="extract-max-tokens"
              />
              <NumberInput
                label="Context size"
                description={tok ? `tokenization window: ${tokenizationWindow(tok)}` : 'tokens per window'}
                value={draft.contextSize}
                onChange={(v) => set('contextSize', v)}
                min={2}
                max={tok ? tokenizationWindow(tok) : undefined}
                allowDecimal={false}
                disabled={!tok}
                data-testid="extract-context-size"
              />
            </Group>
            <Checkbox
              label="Whole dataset (no token limit)"
              checked={draft.wholeDataset}
              onChange={(e) => set('wholeDataset', e.currentTarget.checked)}
              data-testid="extract-whole-dataset"
            />
            <Checkbox
              label="Leave validation/test text out (held out for splice evaluations)"
              checked={draft.holdOutEvalSplits}
              onChange={(e) => set('holdOutEvalSplits', e.currentTarget.checked)}
              data-testid="extract-hold-out"
            />
          </Stack>
        </SimpleGrid>
        <EstimateLine draft={draft} model={model} dataset={dataset} />
        {problems.length > 0 && model && (
          <List size="xs" c="yellow.4" data-testid="extract-problems">
            {problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        )}
        {refusal && (
          <Alert
            variant="light"
            color="red"
            title="Extraction refused"
            withCloseButton
            onClose={() => setRefusal(null)}
            data-testid="extract-error"
          >
            {refusal}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            leftSection={<IconBolt size={16} />}
            loading={busy}
            disabled={problems.length > 0}
            data-testid="extract-submit"
          >
            Extract
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
