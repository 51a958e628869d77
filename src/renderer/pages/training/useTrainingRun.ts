import { useCallback, useEffect, useRef, useState } from 'react';
import type { DensityHistogram, TrainingMetricPoint, TrainingRecord } from '../../../shared/types/training';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';

/** One run, live: its row, metric history (fetched once, then appended from events) and density histogram. */
export function useTrainingRun(id: string | null) {
  const [run, setRun] = useState<TrainingRecord | null>(null);
  const [points, setPoints] = useState<TrainingMetricPoint[]>([]);
  const [density, setDensity] = useState<DensityHistogram | null>(null);
  const idRef = useRef(id);
  idRef.current = id;

  const reloadRun = useCallback(async () => {
    if (!idRef.current) return;
    try {
      const r = await getClient().invoke('training.get', { id: idRef.current });
      if (r.id === idRef.current) {
        setRun(r);
        setDensity((d) => (r.density && (!d || r.density.step >= d.step) ? r.density : d));
      }
    } catch {
      setRun(null);
    }
  }, []);

  const reloadPoints = useCallback(async () => {
    if (!idRef.current) return;
    const want = idRef.current;
    const p = await getClient().invoke('training.metrics', { id: want });
    if (idRef.current === want) setPoints(p);
  }, []);

  useEffect(() => {
    setRun(null);
    setPoints([]);
    setDensity(null);
    void reloadRun();
    void reloadPoints();
  }, [id, reloadRun, reloadPoints]);

  useEvent('training.changed', (e) => {
    if (e.id === idRef.current) void reloadRun();
  });
  useEvent('training.metrics', (e) => {
    if (e.trainingId !== idRef.current) return;
    setPoints((prev) => {
      // A rewind (continue from an earlier checkpoint) sends steps we already have: replace from there.
      const i = prev.findIndex((p) => p.step >= e.point.step);
      return i === -1 ? [...prev, e.point] : [...prev.slice(0, i), e.point, ...prev.slice(i).filter((p) => p.step > e.point.step && prev[i]!.step === e.point.step)];
    });
  });
  useEvent('training.density', (e) => {
    if (e.trainingId === idRef.current) setDensity(e.histogram);
  });

  return { run, points, density, reloadRun, reloadPoints };
}
