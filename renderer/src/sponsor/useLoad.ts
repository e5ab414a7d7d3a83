/** One call's answer for a screen, reloaded on demand; its error as text. */
import { useCallback, useEffect, useState } from 'react';
import { sponsorError } from './api';

export function useLoad<T>(load: () => Promise<T>): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e: unknown) => live && setError(sponsorError(e).message),
    );
    return () => {
      live = false;
    };
  }, [n]);
  return { data, error, reload: useCallback(() => setN((x) => x + 1), []) };
}
