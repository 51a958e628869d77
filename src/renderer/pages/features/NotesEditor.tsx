import { Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';

/** Free-form notes on a feature, saved when the field loses focus. */
export function NotesEditor({ value, onSave }: { value: string | null; onSave: (notes: string | null) => Promise<unknown> }) {
  const [draft, setDraft] = useState(value ?? '');
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(value ?? ''), [value]);
  return (
    <Textarea
      label="Notes"
      description={
        saved ? (
          <Text span size="xs" c="emerald.4">
            saved
          </Text>
        ) : (
          'What it responds to, counter-examples, open questions. Saved when you leave the field.'
        )
      }
      autosize
      minRows={1}
      maxRows={6}
      value={draft}
      onChange={(e) => {
        setSaved(false);
        setDraft(e.currentTarget.value);
      }}
      onBlur={() => {
        const next = draft.trim() === '' ? null : draft;
        if (next === (value ?? null)) return;
        void onSave(next).then((ok) => setSaved(ok !== null));
      }}
      onKeyDown={(e) => e.stopPropagation()}
      data-testid="feature-notes"
    />
  );
}
