import { useCallback, useEffect, useState } from 'react';
import { tabFromHash } from '../../app/tabs';
import { parseTrainingHash, trainingHash, type TrainingRoute } from './route';

/**
 * The Training tab's route, live from the hash. `go` pushes a history entry (Back returns to
 * the sweep a run was opened from); with `replace` it rewrites the current one (picking a run
 * in the list).
 */
export function useTrainingRoute() {
  const [route, setRoute] = useState<TrainingRoute>(() => parseTrainingHash(window.location.hash));
  useEffect(() => {
    // Leaving the tab (another tab's hash) is not a Training route: keep the last one.
    const on = () => tabFromHash(window.location.hash) === 'training' && setRoute(parseTrainingHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = useCallback((next: Partial<TrainingRoute>, opts: { replace?: boolean } = {}) => {
    const hash = trainingHash(next);
    if (tabFromHash(window.location.hash) !== 'training' || hash === window.location.hash) return;
    if (opts.replace) {
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
      setRoute(parseTrainingHash(hash));
    } else window.location.hash = hash;
  }, []);
  return { route, go };
}
