/** Ctrl+S saves (Ctrl+Shift+S as a draft); Ctrl+Enter saves and goes to the next form. */
import { useEffect, useRef, type MutableRefObject } from 'react';
import type { SaveMode } from './useFormSave';

export function useSaveShortcuts(
  save: MutableRefObject<(mode: SaveMode, goNext: boolean) => Promise<void>>,
  canGoNext: boolean,
): void {
  const next = useRef(canGoNext);
  next.current = canGoNext;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (document.querySelector('[role=dialog][aria-labelledby=lock-title]')) return;
        void save.current(e.shiftKey ? 'draft' : 'auto', false);
      }
      // Save and next: heads-down entry without 12–17 Tabs to reach the button. A dialog's own
      // Ctrl+Enter (the reason for change) is the dialog's.
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key === 'Enter') {
        if (document.querySelector('[role=dialog]') || !next.current) return;
        e.preventDefault();
        void save.current('auto', true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);
}
