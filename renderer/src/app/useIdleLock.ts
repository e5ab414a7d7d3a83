/** Locks the session after `minutes` without keyboard, mouse or touch input (architecture.md: 15 by default). */
import { useEffect, useRef } from 'react';

const EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const;

export function useIdleLock(minutes: number | null, onIdle: () => void): void {
  const last = useRef(Date.now());
  const cb = useRef(onIdle);
  cb.current = onIdle;
  useEffect(() => {
    if (minutes === null) return;
    last.current = Date.now();
    const touch = (): void => {
      last.current = Date.now();
    };
    for (const e of EVENTS) window.addEventListener(e, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) cb.current();
    }, 1000);
    return () => {
      for (const e of EVENTS) window.removeEventListener(e, touch, { capture: true });
      window.clearInterval(timer);
    };
  }, [minutes]);
}
