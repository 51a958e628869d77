import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { settingsSchema, type Settings, type SettingsView } from '../../shared/types/settings';
import { getClient } from '../api/client';
import { useQuery } from '../api/hooks';
import { notifyError, notifySuccess } from '../components/notify';
import { PageHeader } from './PageHeader';

type FieldErrors = Record<string, string>;

function validate(form: Settings): FieldErrors {
  const r = settingsSchema.safeParse(form);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
}

const strip = (v: SettingsView): Settings => ({
  hfCacheDir: v.hfCacheDir,
  computeDevice: v.computeDevice,
  executionProvider: v.executionProvider,
  trainingEngine: v.trainingEngine,
  trainingDefaults: { ...v.trainingDefaults },
  dataDir: v.dataDir,
});

export function SettingsPage() {
  const { data, error, reload } = useQuery('settings.get', {});
  const [form, setForm] = useState<Settings | null>(null);
  const [token, setToken] = useState('');
  const [saving, setSaving] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  useEffect(() => {
    if (data) setForm(strip(data));
  }, [data]);
  const errors = useMemo(() => (form ? validate(form) : {}), [form]);
  const dirty = !!form && !!data && JSON.stringify(form) !== JSON.stringify(strip(data));

  if (error)
    return (
      <Alert color="red" title="Could not load settings">
        {error.message}
      </Alert>
    );
  if (!form || !data) return <Text c="dimmed">Loading settings…</Text>;

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setForm({ ...form, [key]: value });
  const setDefault = <K extends keyof Settings['trainingDefaults']>(key: K, value: number | string) =>
    setForm({ ...form, trainingDefaults: { ...form.trainingDefaults, [key]: typeof value === 'number' ? value : Number.NaN } });

  const save = async () => {
    setSaving(true);
    try {
      await getClient().invoke('settings.update', form);
      await reload();
      notifySuccess('Settings saved');
    } catch (err) {
      notifyError(err, 'Settings not saved');
    } finally {
      setSaving(false);
    }
  };
  const reset = async () => {
    setConfirmReset(false);
    try {
      await getClient().invoke('settings.reset', {});
      await reload();
      notifySuccess('Settings reset to defaults');
    } catch (err) {
      notifyError(err, 'Reset failed');
    }
  };
  const saveToken = async () => {
    try {
      await getClient().invoke('settings.setHfToken', { token });
      setToken('');
      await reload();
      notifySuccess('Hugging Face token stored');
    } catch (err) {
      notifyError(err, 'Token not stored');
    }
  };
  const clearToken = async () => {
    try {
      await getClient().invoke('settings.clearHfToken', {});
      await reload();
      notifySuccess('Hugging Face token removed');
    } catch (err) {
      notifyError(err, 'Token not removed');
    }
  };

  return (
    <>
      <Modal opened={confirmReset} onClose={() => setConfirmReset(false)} title="Reset all settings to defaults?" centered>
        <Text size="sm" mb="md">
          Compute, storage and training defaults go back to their factory values. The stored Hugging Face token is kept.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmReset(false)}>
            Keep my settings
          </Button>
          <Button color="red" onClick={() => void reset()} data-testid="settings-reset-confirm">
            Reset to defaults
          </Button>
        </Group>
      </Modal>
      <PageHeader
        title="Settings"
        description="Compute, storage, Hugging Face access and training defaults. Saved settings survive restarts."
        actions={
          <Group>
            <Button variant="default" onClick={() => setConfirmReset(true)} data-testid="settings-reset">
              Reset to defaults
            </Button>
            <Button
              onClick={() => void save()}
              disabled={!dirty || Object.keys(errors).length > 0}
              loading={saving}
              data-testid="settings-save"
            >
              Save changes
            </Button>
          </Group>
        }
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Card>
          <Title order={4} mb="sm">
            Compute
          </Title>
          <Stack>
            <Select
              label="Compute device"
              description="Where training and extraction run. Auto uses a GPU when one loads, else the CPU."
              data={[
                { value: 'auto', label: 'Auto' },
                { value: 'gpu', label: 'GPU (fail if none loads)' },
                { value: 'cpu', label: 'CPU only' },
              ]}
              value={form.computeDevice}
              onChange={(v) => v && set('computeDevice', v as Settings['computeDevice'])}
              allowDeselect={false}
            />
            <Select
              label="ONNX execution provider"
              description="For the language model (and the ORT training engine). The System tab's doctor shows which load here."
              data={['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml']}
              value={form.executionProvider}
              onChange={(v) => v && set('executionProvider', v as Settings['executionProvider'])}
              allowDeselect={false}
            />
            <Select
              label="SAE training engine"
              description="Auto: TensorFlow.js when a native backend (tfjs-node-gpu / tfjs-node) loads, else ONNX Runtime."
              data={[
                { value: 'auto', label: 'Auto' },
                { value: 'tfjs', label: 'TensorFlow.js' },
                { value: 'ort', label: 'ONNX Runtime' },
              ]}
              value={form.trainingEngine}
              onChange={(v) => v && set('trainingEngine', v as Settings['trainingEngine'])}
              allowDeselect={false}
            />
          </Stack>
        </Card>
        <Card>
          <Title order={4} mb="sm">
            Training defaults
          </Title>
          <SimpleGrid cols={2}>
            <NumberInput
              label="Learning rate"
              description="1e-6 – 1e-2"
              value={form.trainingDefaults.learningRate}
              onChange={(v) => setDefault('learningRate', v)}
              min={1e-6}
              max={1e-2}
              step={1e-5}
              decimalScale={7}
              error={errors['trainingDefaults.learningRate']}
              data-testid="setting-lr"
            />
            <NumberInput
              label="Batch size"
              description="tokens per step, 32 – 16384"
              value={form.trainingDefaults.batchSize}
              onChange={(v) => setDefault('batchSize', v)}
              min={32}
              max={16384}
              step={64}
              allowDecimal={false}
              error={errors['trainingDefaults.batchSize']}
              data-testid="setting-batch"
            />
            <NumberInput
              label="L1 coefficient (λ)"
              description="sparsity penalty, 0 – 100"
              value={form.trainingDefaults.l1Coefficient}
              onChange={(v) => setDefault('l1Coefficient', v)}
              min={0}
              max={100}
              step={0.001}
              decimalScale={5}
              error={errors['trainingDefaults.l1Coefficient']}
            />
            <Select
              label="Expansion factor"
              description="d_sae = factor × d_in"
              data={['1', '2', '4', '8', '16', '32', '64']}
              value={String(form.trainingDefaults.expansionFactor)}
              onChange={(v) => v && setDefault('expansionFactor', Number(v))}
              allowDeselect={false}
            />
          </SimpleGrid>
        </Card>
        <Card>
          <Title order={4} mb="sm">
            Storage
          </Title>
          <Stack>
            <TextInput
              label="Data directory"
              description="Datasets, models, activations and SAEs live here. Takes effect after a restart."
              value={form.dataDir}
              onChange={(e) => set('dataDir', e.currentTarget.value)}
              error={errors.dataDir}
            />
            {data.dataDirPendingRestart && (
              <Alert color="yellow" variant="light">
                Restart miStudio to switch to this data directory{data.hfTokenStorage === 'file' ? ' (in serve mode, pass --data-dir)' : ''}
                .
              </Alert>
            )}
            <TextInput
              label="Hugging Face cache"
              description="Downloaded models and datasets are cached here for offline reuse."
              value={form.hfCacheDir}
              onChange={(e) => set('hfCacheDir', e.currentTarget.value)}
              error={errors.hfCacheDir}
            />
          </Stack>
        </Card>
        <Card>
          <Group justify="space-between" mb="sm">
            <Title order={4}>Hugging Face token</Title>
            <Badge color={data.hfTokenSet ? 'emerald' : 'gray'} variant="light" data-testid="hf-token-status">
              {data.hfTokenSet ? 'stored' : 'not set'}
            </Badge>
          </Group>
          <Stack>
            <Text size="sm" c="dimmed">
              Needed only for gated models and datasets.{' '}
              {data.hfTokenStorage === 'safeStorage'
                ? 'Encrypted with your OS keychain.'
                : 'Kept in a file only you can read (mode 0600) in the data directory.'}{' '}
              It is never shown again, logged or exported.
            </Text>
            <Group align="flex-end">
              <PasswordInput
                style={{ flex: 1 }}
                label="New token"
                placeholder="hf_…"
                value={token}
                onChange={(e) => setToken(e.currentTarget.value)}
                autoComplete="off"
              />
              <Button onClick={() => void saveToken()} disabled={token.trim().length < 8}>
                Store
              </Button>
              <Button variant="default" color="red" onClick={() => void clearToken()} disabled={!data.hfTokenSet}>
                Remove
              </Button>
            </Group>
          </Stack>
        </Card>
      </SimpleGrid>
    </>
  );
}
