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
  // A rewind (continue from an earlier checkpoint, resume after a failure) restarts as queued
  // with fewer steps: refetch the history the server kept.
  const lastStep = useRef<{ step: number; status: string } | null>(null);
  useEffect(() => {
    if (!run) return;
    const prev = lastStep.current;
    if (prev && (run.currentStep < prev.step || (run.status === 'queued' && prev.status !== 'queued'))) void reloadPoints();
    lastStep.current = { step: run.currentStep, status: run.status };
  }, [run, reloadPoints]);
  useEvent('training.metrics', (e) => {
    if (e.trainingId !== idRef.current) return;
    setPoints((prev) => mergePoint(prev, e.point));
  });
  useEvent('training.density', (e) => {
    if (e.trainingId === idRef.current) setDensity(e.histogram);
  });

  return { run, points, density, reloadRun, reloadPoints };
}

/**
 * A live metrics record into the history: appended when new; the same record again (same step
 * and time: a splice eval attached to it) replaces it in place; a step we already have with a
 * new time means the run was rewound to an earlier checkpoint, so the stale tail goes.
 */
export function mergePoint(prev: TrainingMetricPoint[], point: TrainingMetricPoint): TrainingMetricPoint[] {
  const i = prev.findIndex((p) => p.step >= point.step);
  if (i === -1) return [...prev, point];
  const same = prev[i]!.step === point.step && prev[i]!.at === point.at;
  return same ? [...prev.slice(0, i), point, ...prev.slice(i + 1)] : [...prev.slice(0, i), point];
}
