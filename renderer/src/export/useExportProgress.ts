import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { api } from '../app/api';

type Progress = ChannelOutput<'export.progress'>;

/** Polls export.progress every 250 ms while `running` (main keeps answering while the workbook streams). */
export function useExportProgress(running: boolean): Progress | null {
  const [p, setP] = useState<Progress | null>(null);
  useEffect(() => {
    if (!running) return;
    let alive = true;
    setP(null);
    const tick = async () => {
      try {
        const r = await api['export.progress']({});
        if (alive) setP(r);
      } catch {
        /* a missed poll is harmless: the next one comes in 250 ms */
      }
    };
    const t = window.setInterval(tick, 250);
    void tick();
    return () => {
      alive = false;
      window.clearInterval(t);
    };
  }, [running]);
  return p;
}
