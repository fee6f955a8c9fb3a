import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiProblem, ApiResult } from '../api/types';

export interface Resource<T> {
  /** The last data received; kept while a refresh is under way so that the page does not blank out. */
  readonly data: T | null;
  readonly failure: { readonly status: number; readonly problem: ApiProblem } | null;
  readonly loading: boolean;
  readonly loadedAt: Date | null;
  readonly reload: () => void;
}

/**
 * Data of one server call, loaded when `load` changes (a new id or language), again on `reload`,
 * and every `refreshMs` when given. An answer that arrives after a newer request was sent is
 * dropped, so a slow response never overwrites a fresher one.
 */
export function useResource<T>(load: () => Promise<ApiResult<T>>, refreshMs?: number): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<Resource<T>['failure']>(null);
  const [loading, setLoading] = useState(true);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);
  const latest = useRef(0);

  const reload = useCallback(() => {
    const ticket = ++latest.current;
    setLoading(true);
    void load().then((res) => {
      if (ticket !== latest.current) return;
      setLoading(false);
      if (res.ok) {
        setData(res.data);
        setFailure(null);
        setLoadedAt(new Date());
      } else {
        setFailure({ status: res.status, problem: res.problem });
      }
    });
  }, [load]);

  useEffect(() => {
    reload();
    if (refreshMs === undefined) return;
    const timer = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(timer);
  }, [reload, refreshMs]);

  // A newer page (another patient) must not show the previous one's data.
  useEffect(() => {
    setData(null);
    setFailure(null);
    setLoadedAt(null);
  }, [load]);

  return { data, failure, loading, loadedAt, reload };
}
