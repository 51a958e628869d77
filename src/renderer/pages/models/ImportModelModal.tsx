import { Button, Group, Modal, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ModelDtype } from '../../../shared/types/models';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';

const DTYPES = [
  { value: '', label: 'Best available' },
  { value: 'fp32', label: 'fp32' },
  { value: 'fp16', label: 'fp16' },
  { value: 'q8', label: 'q8 (int8 quantised)' },
  { value: 'q4', label: 'q4' },
];

/** Import a transformers.js folder from disk, or download a repo from the Hugging Face Hub. */
export function ImportModelModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [tab, setTab] = useState<string | null>('folder');
  const [folder, setFolder] = useState('');
  const [name, setName] = useState('');
  const [repoId, setRepoId] = useState('');
  const [revision, setRevision] = useState('main');
  const [dtype, setDtype] = useState('');
  const [busy, setBusy] = useState(false);
  const dt = dtype ? (dtype as ModelDtype) : undefined;

  const submit = async () => {
    setBusy(true);
    try {
      if (tab === 'folder')
        await getClient().invoke('models.import', { path: folder, ...(name ? { name } : {}), ...(dt ? { dtype: dt } : {}) });
      else await getClient().invoke('models.download', { repoId, ...(revision ? { revision } : {}), ...(dt ? { dtype: dt } : {}) });
      onClose();
    } catch (err) {
      notifyError(err, tab === 'folder' ? 'Import refused' : 'Download refused');
    } finally {
      setBusy(false);
    }
  };
  const valid = tab === 'folder' ? folder.trim().length > 0 : /^[\w.-]+\/[\w.-]+$/.test(repoId.trim());

  return (
    <Modal opened={opened} onClose={onClose} title="Add a model" size="lg" centered>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="folder">From a folder</Tabs.Tab>
          <Tabs.Tab value="hub">From the Hugging Face Hub</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="folder">
          <Stack>
            <Text size="sm" c="dimmed">
              A transformers.js-layout folder: config.json, tokenizer.json, tokenizer_config.json and onnx/model*.onnx (plus external-data
              files). It is checked (graph, hooks, a test forward pass) and copied into the data directory.
            </Text>
            <TextInput
              label="Folder"
              placeholder="/home/me/models/gpt2"
              value={folder}
              onChange={(e) => setFolder(e.currentTarget.value)}
              data-autofocus
              data-testid="import-folder"
            />
            <TextInput
              label="Name (optional)"
              placeholder="defaults to the folder name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="hub">
          <Stack>
            <Text size="sm" c="dimmed">
              An ONNX model repo (e.g. under onnx-community/ or Xenova/). Files are cached, so a download resumes after an interruption and
              works offline afterwards. Gated repos need a token (Settings).
            </Text>
            <TextInput
              label="Repository"
              placeholder="onnx-community/gpt2"
              value={repoId}
              onChange={(e) => setRepoId(e.currentTarget.value)}
              data-testid="download-repo"
            />
            <TextInput label="Revision" value={revision} onChange={(e) => setRevision(e.currentTarget.value)} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <Select mt="md" label="Precision" data={DTYPES} value={dtype} onChange={(v) => setDtype(v ?? '')} allowDeselect={false} />
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void submit()} disabled={!valid} loading={busy} data-testid="model-add-submit">
          {tab === 'folder' ? 'Import' : 'Download'}
        </Button>
      </Group>
    </Modal>
  );
}
