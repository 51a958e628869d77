import { TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

/**
 * A label written in place: Enter or leaving the field saves, Escape puts the stored one back.
 * An empty field clears the label (the suggestion shows again as the placeholder).
 */
export function LabelEditor({
  value,
  suggestion,
  onSave,
  size = 'sm',
  testId,
  autoFocus,
  onDone,
}: {
  value: string | null;
  suggestion: string | null;
  onSave: (label: string | null) => Promise<unknown>;
  size?: 'xs' | 'sm' | 'md';
  testId?: string;
  autoFocus?: boolean;
  /** Called after a save or a cancel (inline editing closes). */
  onDone?: () => void;
}) {
  const [draft, setDraft] = useState(value ?? '');
  // Escape then unmount (inline editing closes) may still fire a blur: it must not save.
  const cancelled = useRef(false);
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = async () => {
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    const next = draft.trim() === '' ? null : draft.trim();
    if (next !== (value ?? null)) await onSave(next);
    onDone?.();
  };
  return (
    <TextInput
      size={size}
      value={draft}
      placeholder={suggestion ? `suggested: ${suggestion}` : 'Add a label…'}
      onChange={(e) => {
        cancelled.current = false;
        setDraft(e.currentTarget.value);
      }}
      onBlur={() => void commit()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          cancelled.current = true;
          setDraft(value ?? '');
          onDone?.();
        }
        e.stopPropagation();
      }}
      onClick={(e) => e.stopPropagation()}
      autoFocus={autoFocus}
      aria-label="Feature label"
      data-testid={testId}
    />
  );
}
