/**
 * The CDISC ODM export (issue 12) at 1,000 and at the large database's size: safe-harbor, and
 * limited with --audit (the least identifying profile that keeps the audit trail's dates). Each
 * export in a fresh process with its peak RSS; the floor (children/odm-floor.ts) reads and
 * de-identifies the same subjects, reads the same audit rows and writes the same bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { child } from './export';
import { measure, type Measure } from './measure';
import { COORD_PW } from './sites';

interface OdmRun {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  file: string;
  bytes: number;
  auditFile: string | null;
  auditBytes: number;
  subjects: number;
  forms: number;
  auditRecords: number;
}
interface OdmFloor {
  seconds: number;
  cpuSeconds: number;
  readSeconds: number;
  auditReadSeconds: number;
  writeSeconds: number;
  auditWriteSeconds: number;
}

const MB = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
const s2 = (x: number): string => `${x.toFixed(2)} s`;

function rows(label: string, small: OdmRun, big: OdmRun, floor: OdmFloor): Measure[] {
  const growth = big.maxRssMb / small.maxRssMb;
  const size = big.auditFile
    ? `${MB(big.bytes)} + audit ${MB(big.auditBytes)}, ${big.auditRecords} records`
    : MB(big.bytes);
  return [
    measure({
      name: `odm ${label} ${small.subjects} subjects`,
      value: small.seconds,
      unit: 's',
      floor: null,
      target: '(scale reference)',
      pass: true,
      note: `peak RSS ${small.maxRssMb.toFixed(0)} MB; CPU ${s2(small.cpuSeconds)}`,
    }),
    measure({
      name: `odm ${label} ${big.subjects} subjects`,
      value: big.seconds,
      unit: 's',
      floor: floor.seconds,
      target: '≤ 2× floor',
      pass: big.seconds <= 2 * floor.seconds,
      note:
        `${size}; floor: read and de-identify ${s2(floor.readSeconds)}` +
        (big.auditFile ? `, read the audit rows ${s2(floor.auditReadSeconds)}` : '') +
        `, write the bytes ${s2(floor.writeSeconds + floor.auditWriteSeconds)}; ` +
        `CPU ${s2(big.cpuSeconds)} against the floor's ${s2(floor.cpuSeconds)}`,
    }),
    measure({
      name: `odm ${label} peak RSS ${big.subjects} subjects`,
      value: big.maxRssMb,
      unit: 'MB',
      floor: null,
      ratio: growth,
      target: '≤ 400 MB; ≤ 1.5× the 1,000-subject RSS',
      pass: big.maxRssMb <= 400 && growth <= 1.5,
      note: `1,000 subjects: ${small.maxRssMb.toFixed(0)} MB`,
    }),
  ];
}

export function measureOdm(dir: string, small: string, big: string, period = '2026-10'): Measure[] {
  // A folder of its own each time, so a reused database can be measured again.
  const out = mkdtempSync(join(dir, 'odm-exports-'));
  const run = (db: string, name: string, profile: string, audit: boolean): OdmRun =>
    child<OdmRun>('odm.ts', [db, 'coord', COORD_PW, join(out, name), period, profile, audit ? 'audit' : '']);
  const floorOf = (r: OdmRun, profile: string): OdmFloor =>
    child<OdmFloor>('odm-floor.ts', [
      big,
      'coord',
      COORD_PW,
      period,
      profile,
      r.file,
      ...(r.auditFile ? [r.auditFile] : []),
    ]);
  try {
    const sh1 = run(small, 'sh1k', 'safe-harbor', false);
    const sh = run(big, 'sh', 'safe-harbor', false);
    const shFloor = floorOf(sh, 'safe-harbor');
    const au1 = run(small, 'au1k', 'limited', true);
    const au = run(big, 'au', 'limited', true);
    const auFloor = floorOf(au, 'limited');
    return [...rows('safe-harbor', sh1, sh, shFloor), ...rows('limited --audit', au1, au, auFloor)];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
