import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArgsOf, EventMap, EventName, MethodName, ResultOf } from '../../shared/contract';
import { getClient } from './client';

export interface Query<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Calls a contract method on mount (and when `deps` change); `refreshMs` polls. */
export function useQuery<M extends MethodName>(
  method: M,
  args: ArgsOf<M>,
  opts: { refreshMs?: number; deps?: unknown[] } = {},
): Query<ResultOf<M>> {
  const [data, setData] = useState<ResultOf<M>>();
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const argsRef = useRef(args);
  argsRef.current = args;
  const reload = useCallback(async () => {
    try {
      setData(await getClient().invoke(method, argsRef.current));
      setError(null);
    } catch (err) {
      setError(err as Error);
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, ...(opts.deps ?? [])]);
  useEffect(() => {
    void reload();
    if (!opts.refreshMs) return;
    const t = setInterval(() => void reload(), opts.refreshMs);
    return () => clearInterval(t);
  }, [reload, opts.refreshMs]);
  return { data, error, loading, reload };
}

/** Subscribes to a contract event for the component's lifetime. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => getClient().on(event, (p) => ref.current(p)), [event]);
}
