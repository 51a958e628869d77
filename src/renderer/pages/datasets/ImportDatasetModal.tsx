import { Button, Group, Modal, NumberInput, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';

/** Import a local file (txt/jsonl/csv/tsv/parquet) or download a Hugging Face dataset split. */
export function ImportDatasetModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [tab, setTab] = useState<string | null>('file');
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [txtMode, setTxtMode] = useState<'line' | 'paragraph' | 'file'>('line');
  const [textField, setTextField] = useState('text');
  const [splitMode, setSplitMode] = useState<'random' | 'from-data'>('random');
  const [splitField, setSplitField] = useState('');
  const [train, setTrain] = useState<number | string>(0.9);
  const [seed, setSeed] = useState<number | string>(1234);
  const [badRows, setBadRows] = useState<'fail' | 'skip'>('fail');
  const [repoId, setRepoId] = useState('');
  const [config, setConfig] = useState('default');
  const [splits, setSplits] = useState('train');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      if (tab === 'file') {
        const t = Number(train);
        const rest = (1 - t) / 2;
        await getClient().invoke('datasets.importFile', {
          path,
          ...(name ? { name } : {}),
          options: {
            txtMode,
            textField,
            splitMode,
            ...(splitField ? { splitField } : {}),
            ratios: { train: t, validation: rest, test: 1 - t - rest },
            seed: Number(seed),
            badRows,
          },
        });
      } else {
        await getClient().invoke('datasets.downloadHf', {
          repoId,
          config,
          splits: splits
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
          textColumn: textField,
        });
      }
      onClose();
    } catch (err) {
      notifyError(err, 'Import refused');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Add a dataset" size="lg" centered>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="file">From a file</Tabs.Tab>
          <Tabs.Tab value="hf">From the Hugging Face Hub</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="file">
          <Stack>
            <Text size="sm" c="dimmed">
              .txt, .jsonl, .csv, .tsv or .parquet, read as a stream. The import is all-or-nothing: a bad row stops it with the file, line
              and reason (or is skipped and counted, if you choose).
            </Text>
            <TextInput
              label="File"
              placeholder="/data/corpus.jsonl"
              value={path}
              onChange={(e) => setPath(e.currentTarget.value)}
              data-testid="dataset-path"
            />
            <TextInput label="Name (optional)" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Group grow>
              <TextInput
                label="Text field / column"
                description="JSONL path like a.b.0.c"
                value={textField}
                onChange={(e) => setTextField(e.currentTarget.value)}
              />
              <Select
                label=".txt documents"
                data={[
                  { value: 'line', label: 'one per line' },
                  { value: 'paragraph', label: 'one per paragraph' },
                  { value: 'file', label: 'whole file' },
                ]}
                value={txtMode}
                onChange={(v) => v && setTxtMode(v as typeof txtMode)}
                allowDeselect={false}
              />
            </Group>
            <Group grow>
              <Select
                label="Splits"
                data={[
                  { value: 'random', label: 'random by ratio (seeded)' },
                  { value: 'from-data', label: 'from a field in the data' },
                ]}
                value={splitMode}
                onChange={(v) => v && setSplitMode(v as typeof splitMode)}
                allowDeselect={false}
              />
              {splitMode === 'from-data' ? (
                <TextInput label="Split field / column" value={splitField} onChange={(e) => setSplitField(e.currentTarget.value)} />
              ) : (
                <Group grow>
                  <NumberInput label="Train share" value={train} onChange={setTrain} min={0} max={1} step={0.05} decimalScale={2} />
                  <NumberInput label="Seed" value={seed} onChange={setSeed} min={0} />
                </Group>
              )}
            </Group>
            <Select
              label="Bad rows"
              data={[
                { value: 'fail', label: 'stop the import (nothing is kept)' },
                { value: 'skip', label: 'skip them and report how many' },
              ]}
              value={badRows}
              onChange={(v) => v && setBadRows(v as typeof badRows)}
              allowDeselect={false}
            />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="hf">
          <Stack>
            <Text size="sm" c="dimmed">
              Downloads the dataset's parquet files (resumable, cached for offline reuse). Gated datasets need a token (Settings).
            </Text>
            <TextInput label="Repository" placeholder="owner/dataset" value={repoId} onChange={(e) => setRepoId(e.currentTarget.value)} />
            <Group grow>
              <TextInput label="Config" value={config} onChange={(e) => setConfig(e.currentTarget.value)} />
              <TextInput label="Splits" description="comma-separated" value={splits} onChange={(e) => setSplits(e.currentTarget.value)} />
              <TextInput label="Text column" value={textField} onChange={(e) => setTextField(e.currentTarget.value)} />
            </Group>
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          onClick={() => void submit()}
          loading={busy}
          disabled={tab === 'file' ? !path.trim() : !repoId.trim()}
          data-testid="dataset-import-submit"
        >
          {tab === 'file' ? 'Import' : 'Download'}
        </Button>
      </Group>
    </Modal>
  );
}
