import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsDate } from '../../shared/dates';
import { SheetDigest } from './canonical';
import type { DeidentifiedRow } from './deidentify';
import type { Cell } from './layout';
import { isDeidentifiedProfile, PROFILES } from './profiles';
import { SheetSpool } from './spool';
import { createFixture, PEOPLE, type Fixture } from '../../tests/support/export-fixture';
import { readSubmission } from './workbook-reader';
import { exportSubmission } from './workbook-writer';

const columns = [
  { code: 'subject_id', label: 'Subject ID' },
  { code: 'n', label: 'A number' },
  { code: 'note', label: 'A text' },
];
// Only deidentifySubject makes these; the cast stands in for it here.
const rows = [
  ['MMC-0001', 1, 'a "quoted"\nline, with ünïcode 😀'],
  ['MMC-0002', null, ''],
  ['MMC-0003', 2.5, null],
  ['MMC-0004', -0.001, 'x'.repeat(300_000)],
] as unknown as DeidentifiedRow[];

function spoolWith(dir: string, name: string): SheetSpool {
  const sp = new SheetSpool(join(dir, `${name}.spool`), name, columns, PROFILES['safe-harbor'], null);
  for (const r of rows) sp.add(r);
  sp.finish();
  return sp;
}

describe('SheetSpool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-spool-'));

  it('gives the rows back as the canonical form writes them, hashed as SheetDigest hashes them', () => {
    const sp = spoolWith(dir, 'round');
    const back = [...sp.rows()];
    expect(back).toEqual([
      ['MMC-0001', 1, 'a "quoted"\nline, with ünïcode 😀'],
      ['MMC-0002'],
      ['MMC-0003', 2.5],
      ['MMC-0004', -0.001, 'x'.repeat(300_000)],
    ]);
    const d = new SheetDigest();
    d.add(columns.map((c) => c.code));
    d.add(columns.map((c) => c.label));
    for (const r of rows) d.add(r as readonly Cell[]);
    expect(sp.digest.hex()).toBe(d.hex());
    expect(sp.readDigest().hex()).toBe(d.hex());
    expect(sp.digest.rows).toBe(6);
    expect(sp.digest.widths).toEqual([10, 8, 60]);
    sp.remove();
    expect(readdirSync(dir)).not.toContain('round.spool');
  });

  it('tells a changed or truncated file from what pass 1 wrote', () => {
    const sp = spoolWith(dir, 'edited');
    writeFileSync(sp.path, readFileSync(sp.path, 'utf8').replace('"MMC-0003",2.5', '"MMC-0003",2.6'));
    for (const _ of sp.rows());
    expect(sp.readDigest().hex()).not.toBe(sp.digest.hex());
    writeFileSync(sp.path, readFileSync(sp.path).subarray(0, 20));
    expect(() => [...sp.rows()]).toThrow(/middle of a row/);
    sp.remove();
  });

  it('refuses every profile that keeps an identifier', () => {
    expect(
      Object.values(PROFILES)
        .filter(isDeidentifiedProfile)
        .map((p) => p.id),
    ).toEqual(['safe-harbor', 'safe-harbor-text']);
    for (const p of [PROFILES.limited, PROFILES.identified])
      expect(() => new SheetSpool(join(dir, `${p.id}.spool`), 'REG', columns, p, null)).toThrow(/keeps identifiers/);
    expect(readdirSync(dir).filter((f) => !f.startsWith('round') && !f.startsWith('edited'))).toEqual([]);
  });
});

describe('the spools of an export', () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = createFixture();
  });
  afterAll(() => fx.admin.close());

  it('hold no identifier of the fixture, even with the notes kept (safe-harbor-text), and are gone at the end', async () => {
    const outDir = `${fx.dir}/spooled`;
    const seen: string[] = [];
    let total = 0;
    const r = await exportSubmission(fx.coordinator, {
      period: '2026-10',
      profile: 'safe-harbor-text',
      outDir,
      onProgress: (done, t) => {
        total = t;
        // Pass 2 has begun: every spool is complete on disk.
        if (done > PEOPLE.length && seen.length === 0)
          for (const f of readdirSync(outDir).filter((n) => n.endsWith('.spool')))
            seen.push(readFileSync(join(outDir, f), 'utf8'));
      },
    });
    expect(total).toBeGreaterThan(PEOPLE.length);
    expect(seen.length).toBe(8);
    const text = seen.join('\n').toLowerCase();
    expect(text).toContain('[redacted:name]');
    for (const p of PEOPLE) {
      for (const v of [
        p.first,
        p.last,
        p.mrn,
        p.phone,
        p.phone.replace(/\D/g, ''),
        p.zip,
        p.birth,
        formatUsDate(p.birth),
        p.proc,
      ])
        expect(text, v).not.toContain(v.toLowerCase());
    }
    expect(readdirSync(outDir)).toEqual([r.file.split('/').pop()]);
    expect((await readSubmission(r.file)).hashCheck.ok).toBe(true);
  });

  it('are removed when the export fails half way', async () => {
    const outDir = `${fx.dir}/failing`;
    const err = await exportSubmission(fx.coordinator, {
      period: '2026-10',
      outDir,
      onProgress: (done) => {
        if (done > PEOPLE.length + 2) throw new Error('stop here');
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('stop here');
    expect(readdirSync(outDir)).toEqual([]);
  });
});
