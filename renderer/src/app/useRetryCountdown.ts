import { useEffect, useState } from 'react';

/** Seconds left before another password try is accepted (five wrong passwords delay the next). */
export function useRetryCountdown(): [number, (s: number) => void] {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const t = window.setTimeout(() => setLeft((x) => Math.max(0, x - 1)), 1000);
    return () => window.clearTimeout(t);
  }, [left]);
  return [left, setLeft];
}
