import { useState } from 'react';
import type { ProbeResult } from '../../../shared/types/features';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';

/** One probe call at a time: text → per-token features (and one feature's activation per token). */
export function useProbe(saeId: string) {
  const [result, setResult] = useState<ProbeResult | null>(null);
  const [busy, setBusy] = useState(false);
  const probe = async (text: string, opts: { featureIndex?: number; topFeatures?: number } = {}) => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      setResult(await getClient().invoke('features.probe', { saeId, text, ...opts }));
    } catch (err) {
      notifyError(err, 'Probe failed');
    } finally {
      setBusy(false);
    }
  };
  return { result, busy, probe };
}
