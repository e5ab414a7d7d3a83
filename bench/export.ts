/**
 * The monthly export at 1,000 and 10,000 subjects (seconds and peak RSS of the exporting
 * process), its floor, and the sponsor's read-back of the large workbook.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { measure, type Measure } from './measure';
import { COORD_PW } from './sites';

export function child<T>(script: string, args: string[]): T {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'children', script), ...args],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

export interface ExportRun {
  seconds: number;
  maxRssMb: number;
  file: string;
  rows: number;
  subjects: number;
}

export async function measureExport(dir: string, small: string, big: string): Promise<Measure[]> {
  const out = join(dir, 'exports');
  mkdirSync(out, { recursive: true });
  const e1 = child<ExportRun>('export.ts', [small, 'coord', COORD_PW, join(out, 'small'), '2026-10']);
  const e10 = child<ExportRun>('export.ts', [big, 'coord', COORD_PW, join(out, 'big'), '2026-10']);
  const floor = child<{ seconds: number; plainSeconds: number; cells: number }>('export-floor.ts', [
    e10.file,
    join(out, 'floor.xlsx'),
  ]);
  const read = child<{ seconds: number; ok: boolean }>('read.ts', [e10.file]);
  const growth = e10.maxRssMb / e1.maxRssMb;
  return [
    measure({
      name: `export safe-harbor ${e1.subjects} subjects`,
      value: e1.seconds,
      unit: 's',
      floor: null,
      target: '(scale reference)',
      pass: true,
      note: `peak RSS ${e1.maxRssMb.toFixed(0)} MB`,
    }),
    measure({
      name: `export safe-harbor ${e10.subjects} subjects`,
      value: e10.seconds,
      unit: 's',
      floor: floor.seconds,
      target: '≤ 20 s; ≤ 2× floor',
      pass: e10.seconds <= 20 && e10.seconds <= 2 * floor.seconds,
      note: `${floor.cells} cells; floor writes them with their formats; without formats ${floor.plainSeconds.toFixed(2)} s (ratio ${(e10.seconds / floor.plainSeconds).toFixed(2)})`,
    }),
    measure({
      name: `export peak RSS ${e10.subjects} subjects`,
      value: e10.maxRssMb,
      unit: 'MB',
      floor: null,
      ratio: growth,
      target: '≤ 400 MB; ≤ 1.5× the 1,000-subject RSS',
      pass: e10.maxRssMb <= 400 && growth <= 1.5,
      note: `1,000 subjects: ${e1.maxRssMb.toFixed(0)} MB`,
    }),
    measure({
      name: `read-back ${e10.subjects} subjects`,
      value: read.seconds,
      unit: 's',
      floor: e10.seconds,
      target: '≤ 2× the export time; hashes verify',
      pass: read.ok && read.seconds <= 2 * e10.seconds,
    }),
  ];
}
