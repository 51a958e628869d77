import { useRef } from 'react';
import { useEvent, useQuery } from '../../../api/hooks';

/**
 * Calls `reload` on each `sweeps.changed` that `wanted` accepts, never two at once: events that
 * arrive meanwhile (a run's step updates come in bursts) make exactly one more call.
 */
function useReloadOnSweepChange(reload: () => Promise<void>, wanted: (id: string) => boolean): void {
  const inFlight = useRef(false);
  const again = useRef(false);
  useEvent('sweeps.changed', (e) => {
    if (!wanted(e.id)) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    void (async () => {
      do {
        again.current = false;
        await reload();
      } while (again.current);
      inFlight.current = false;
    })();
  });
}

/** Every sweep, newest first, live. */
export function useSweepList() {
  const sweeps = useQuery('sweeps.list', {});
  useReloadOnSweepChange(sweeps.reload, () => true);
  return sweeps;
}

/** One sweep with its runs, live. */
export function useLiveSweep(id: string) {
  const sweep = useQuery('sweeps.get', { id }, { deps: [id] });
  useReloadOnSweepChange(sweep.reload, (changed) => changed === id);
  return sweep;
}
