import { useCallback, useEffect, useRef, useState } from 'react';
import { tabFromHash } from '../../app/tabs';
import { featuresHash, parseFeaturesHash, type FeaturesRoute } from './route';

/**
 * The Features tab's route, live from the hash. `go` pushes a history entry (Back returns);
 * with `replace` it rewrites the current one (stepping through features, defaults).
 */
export function useFeaturesRoute() {
  const [route, setRoute] = useState<FeaturesRoute>(() => parseFeaturesHash(window.location.hash));
  const current = useRef(route);
  current.current = route;
  useEffect(() => {
    // Leaving the tab (another tab's hash) is not a Features route: keep the last one.
    const on = () => tabFromHash(window.location.hash) === 'features' && setRoute(parseFeaturesHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = useCallback((patch: Partial<FeaturesRoute>, opts: { replace?: boolean } = {}) => {
    const next = { ...current.current, ...patch };
    const hash = featuresHash(next);
    // Never rewrite another tab's hash (an effect may run while the tab is being left).
    if (hash === window.location.hash || tabFromHash(window.location.hash) !== 'features') return;
    current.current = next;
    if (opts.replace) {
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
      setRoute(next);
    } else window.location.hash = hash;
  }, []);
  return { route, go };
}
