/**
 * Nothing typed is lost: every change on an open form goes to drafts.keep (debounced), and is
 * flushed at once on blur, when the window is hidden, and before it unloads.
 */
import { useCallback, useEffect, useRef } from 'react';
import { api } from '../app/api';

export interface DraftTarget {
  subjectId: string;
  event: string;
  form: string;
  instance: number;
  baseVersion: number;
}

export function useDraftKeeper(
  target: DraftTarget | null,
  delayMs = 300,
): { schedule(values: Record<string, unknown>): void; flush(): void; cancel(): void } {
  const pending = useRef<Record<string, unknown> | null>(null);
  const timer = useRef<number | null>(null);
  const targetRef = useRef(target);
  targetRef.current = target;

  const flush = useCallback(() => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    const t = targetRef.current;
    const values = pending.current;
    if (!t || !values) return;
    pending.current = null;
    api['drafts.keep']({
      subjectId: t.subjectId,
      event: t.event,
      form: t.form,
      instance: t.instance,
      baseVersion: t.baseVersion,
      values,
    }).catch(() => {
      // Not sent (locked, host busy): keep it pending so the next flush retries.
      if (!pending.current) pending.current = values;
    });
  }, []);

  const schedule = useCallback(
    (values: Record<string, unknown>) => {
      pending.current = values;
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(flush, delayMs);
    },
    [flush, delayMs],
  );

  const cancel = useCallback(() => {
    pending.current = null;
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  }, []);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('beforeunload', flush);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('beforeunload', flush);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return { schedule, flush, cancel };
}
export type DraftKeeper = ReturnType<typeof useDraftKeeper>;
