import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../app/api';
import type { Query } from './model';

/** The queries of one subject (optionally one form), with a reload after each action. */
export function useQueries(
  subjectId: string,
  form?: string,
): { queries: Query[]; error: string | null; reload(): void } {
  const [queries, setQueries] = useState<Query[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    api['queries.list']({ subjectId, form }).then(
      (q) => alive && setQueries(q),
      (e) => alive && setError(messageOf(e)),
    );
    return () => {
      alive = false;
    };
  }, [subjectId, form, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { queries, error, reload };
}
