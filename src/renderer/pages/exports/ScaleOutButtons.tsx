import { Alert, Button, Code, CopyButton, List, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconBrandPython, IconTerminal2 } from '@tabler/icons-react';
import { useState } from 'react';
import type { ScaleOutResult, ScaleOutTarget } from '../../../shared/types/exports';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';

/** "Export as a SAELens training script" / "as a sparsify command": written beside the exports, shown to copy. */
export function ScaleOutButtons({ trainingId }: { trainingId: string }) {
  const [result, setResult] = useState<ScaleOutResult | null>(null);
  const [busy, setBusy] = useState<ScaleOutTarget | null>(null);
  const make = async (target: ScaleOutTarget) => {
    setBusy(target);
    try {
      setResult(await getClient().invoke('exports.scaleOut', { trainingId, target }));
    } catch (err) {
      notifyError(err, 'Could not write the script');
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Button
        variant="light"
        leftSection={<IconBrandPython size={16} />}
        loading={busy === 'saelens'}
        onClick={() => void make('saelens')}
        data-testid="scaleout-saelens"
      >
        SAELens training script
      </Button>
      <Button
        variant="light"
        leftSection={<IconTerminal2 size={16} />}
        loading={busy === 'sparsify'}
        onClick={() => void make('sparsify')}
        data-testid="scaleout-sparsify"
      >
        sparsify command
      </Button>
      <Modal opened={!!result} onClose={() => setResult(null)} title={result?.fileName} size="xl" centered>
        {result && (
          <Stack gap="sm">
            <Text size="sm">
              Written to <Code>{result.export.path}</Code>. Run it on a GPU machine; its output folder imports back with Import SAE
              (folder).
            </Text>
            {result.unmapped.length > 0 && (
              <Alert color="yellow" title="Settings with no counterpart (listed in the file too)">
                <List size="xs">
                  {result.unmapped.map((u) => (
                    <List.Item key={u.name}>
                      <b>{u.name}</b> = {u.value}: {u.why}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <ScrollArea h={320}>
              <Code block data-testid="scaleout-text">
                {result.text}
              </Code>
            </ScrollArea>
            <CopyButton value={result.text}>
              {({ copied, copy }) => (
                <Button onClick={copy} variant="light">
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Stack>
        )}
      </Modal>
    </>
  );
}
