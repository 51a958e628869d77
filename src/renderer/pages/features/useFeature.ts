import { useCallback, useEffect, useRef, useState } from 'react';
import type { FeatureDetail, FeatureExamples, FeatureSummary } from '../../../shared/types/features';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';

type FeatureEdit = { label?: string | null; notes?: string | null; isFavorite?: boolean };

/** One feature of an SAE: its detail and examples (fetched together), and edits written back. */
export function useFeature(saeId: string, featureIndex: number | null) {
  const [detail, setDetail] = useState<FeatureDetail | null>(null);
  const [examples, setExamples] = useState<FeatureExamples | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const want = useRef<string>('');

  const load = useCallback(async () => {
    if (featureIndex === null) return;
    const key = `${saeId}:${featureIndex}`;
    want.current = key;
    try {
      const [d, e] = await Promise.all([
        getClient().invoke('features.get', { saeId, featureIndex }),
        getClient().invoke('features.examples', { saeId, featureIndex }),
      ]);
      if (want.current !== key) return; // a later feature was asked for meanwhile
      setDetail(d);
      setExamples(e);
      setError(null);
    } catch (err) {
      if (want.current === key) setError(err as Error);
    }
  }, [saeId, featureIndex]);

  useEffect(() => {
    setDetail(null);
    setExamples(null);
    setError(null);
    void load();
  }, [load]);

  /** Writes label / notes / favourite; returns the stored row (null when refused). */
  const update = async (edit: FeatureEdit): Promise<FeatureSummary | null> => {
    if (featureIndex === null) return null;
    try {
      const row = await getClient().invoke('features.update', { saeId, featureIndex, ...edit });
      setDetail((d) =>
        d && d.featureIndex === row.featureIndex ? { ...d, ...row, ...(edit.notes !== undefined ? { notes: edit.notes } : {}) } : d,
      );
      return row;
    } catch (err) {
      notifyError(err, 'Could not save the feature');
      return null;
    }
  };

  return { detail, examples, error, reload: load, update };
}
