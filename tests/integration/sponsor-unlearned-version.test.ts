/**
 * The sponsor's store refuses a version it has not seen (issue 12): a site amended to 0.2 sends a
 * workbook of 0.2 to a store that learned only 0.1. `sitecrf sponsor import` refuses it, naming the
 * version, and nothing in the store changes; after `sitecrf sponsor learn` of that version from
 * the same verified workbook, the same file imports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSubmission } from '../../main/export/index';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { initStore } from '../../main/sponsor/init';
import { importWorkbook } from '../../main/sponsor/import';
import { Store } from '../../main/sponsor/store';
import { amendStudy } from '../../main/study/amend';
import { registerStudy } from '../../shared/studies/index';
import { makeSite, sitecrf, type Site } from './site-fixture';
import { MINI_TEXT, miniV02Text } from '../support/mini-amendment';

let site: Site;
let dir: string;
let store: string;
let amended: string;

/** Every table of the store, row for row: what "nothing changed" means. */
async function storeDigest(): Promise<string> {
  const s = await Store.open(store);
  try {
    const h = createHash('sha256');
    const tables = await s.all(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name`,
    );
    for (const t of tables) {
      const rows = await s.all(`SELECT * FROM "${String(t.table_name)}" ORDER BY ALL`);
      h.update(
        `${String(t.table_name)}\n${JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}\n`,
      );
    }
    return h.digest('hex');
  } finally {
    s.close();
  }
}

beforeAll(async () => {
  registerStudy(JSON.parse(MINI_TEXT));
  site = makeSite({ studyId: 'MINI', siteCode: 'AAA' });
  dir = mkdtempSync(join(tmpdir(), 'sponsor-unlearned-'));
  store = join(dir, 'MINI.duckdb');
  const c = site.login('coordinator');
  let first: string;
  try {
    const { subjectId } = registerSubject(c);
    saveForm(c, {
      subjectId,
      event: 'baseline',
      form: 'ENROL',
      status: 'complete',
      values: { initials: 'JQ', dob: '1980-05-01', arm: 'A', enrol_date: '2025-03-01' },
    });
    first = (await exportSubmission(c, { period: '2025-03', outDir: join(dir, 'out') })).file;
  } finally {
    c.close();
  }
  // The sponsor's store learns 0.1 from the first workbook and imports it.
  const s = await initStore(store, first);
  try {
    expect((await importWorkbook(s, first)).message).toMatch(/imported/i);
  } finally {
    s.close();
  }
  const a = site.login('admin');
  try {
    amendStudy(a, { text: miniV02Text(), reason: 'Amendment 1: waist circumference' });
  } finally {
    a.close();
  }
  const c2 = site.login('coordinator');
  try {
    const { subjectId } = registerSubject(c2);
    saveForm(c2, {
      subjectId,
      event: 'baseline',
      form: 'VISIT',
      status: 'complete',
      values: { visit_date: '2025-04-02', weight_kg: 71, smoker: 'N', waist_cm: 88 },
    });
    amended = (await exportSubmission(c2, { period: '2025-04', outDir: join(dir, 'out') })).file;
  } finally {
    c2.close();
  }
}, 120_000);
afterAll(() => {
  site.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

// Each step spawns the CLI (a cold tsx start): generous time on a loaded machine.
const SPAWN = 120_000;

describe('a workbook of a protocol version the store has not learned', () => {
  it(
    'is refused by sponsor import, naming the version, and the store is unchanged',
    async () => {
      const before = await storeDigest();
      const r = sitecrf(['sponsor', 'import', '--store', store, amended]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        'MINI_AAA_2025-04_safe-harbor.xlsx: refused: protocol version 0.2 is not known to this store (it knows 0.1;',
      );
      expect(r.err).toContain('1 of 1 file refused; nothing was taken from them');
      expect(await storeDigest()).toBe(before);
    },
    SPAWN,
  );

  it(
    'imports after sponsor learn of that version',
    async () => {
      const learn = sitecrf(['sponsor', 'learn', '--store', store, '--from', amended]);
      expect(learn.err).toBe('');
      expect(learn.out).toBe('Protocol version 0.2 learned\n');
      const r = sitecrf(['sponsor', 'import', '--store', store, amended]);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/AAA.*2025-04.*imported/i);
      const s = await Store.open(store);
      try {
        const subs = await s.all('SELECT period, protocol_version FROM submissions ORDER BY period');
        expect(subs.map((x) => [x.period, x.protocol_version])).toEqual([
          ['2025-03', '0.1'],
          ['2025-04', '0.2'],
        ]);
        expect((await s.all('SELECT version FROM protocol_versions ORDER BY version')).map((x) => x.version)).toEqual([
          '0.1',
          '0.2',
        ]);
      } finally {
        s.close();
      }
    },
    SPAWN,
  );
});
