// A server resource loaded now and again every `intervalMs` (and whenever `deps` change), with
// the last good value kept while a refresh fails.
import { useEffect, useState, type DependencyList } from 'react';
import { describeError } from '../api/http.ts';

export interface Polled<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  /** Epoch ms of the last successful load. */
  loadedAt: number | null;
}

export function usePolled<T>(
  load: ((signal: AbortSignal) => Promise<T>) | null,
  deps: DependencyList,
  intervalMs: number,
): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ data: null, error: null, loading: load !== null, loadedAt: null });

  // `deps` names what `load` reads; `load` itself is a new closure on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps
  useEffect(() => {
    setState({ data: null, error: null, loading: load !== null, loadedAt: null });
    if (!load) return;
    let request = new AbortController();
    let timer: number | undefined;
    const run = () => {
      request = new AbortController();
      const current = request;
      load(current.signal)
        .then((data) => {
          if (!current.signal.aborted) setState({ data, error: null, loading: false, loadedAt: Date.now() });
        })
        .catch((error: unknown) => {
          if (!current.signal.aborted)
            setState((previous) => ({ ...previous, error: describeError(error), loading: false }));
        })
        .finally(() => {
          if (!current.signal.aborted) timer = window.setTimeout(run, intervalMs);
        });
    };
    run();
    return () => {
      request.abort();
      window.clearTimeout(timer);
    };
  }, [...deps, intervalMs]);

  return state;
}
