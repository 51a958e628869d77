import { Textarea } from '@mantine/core';
import type { ReactNode } from 'react';

/** The text box of a probe: any text, Ctrl/⌘+Enter runs it. */
export function ProbeTextInput({
  label,
  description,
  value,
  onChange,
  onRun,
  testId,
}: {
  label: string;
  description?: ReactNode;
  value: string;
  onChange: (text: string) => void;
  onRun: () => void;
  testId: string;
}) {
  return (
    <Textarea
      label={label}
      description={description}
      placeholder="Paste or type any text…"
      autosize
      minRows={2}
      maxRows={8}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onRun();
        e.stopPropagation(); // J / K step features elsewhere on the page
      }}
      data-testid={testId}
    />
  );
}
