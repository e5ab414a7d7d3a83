/**
 * Issue 12: "SACRO's file, loaded at run time, gives exactly today's workbook". Two real encrypted
 * site databases, one initialised with the shipped study file (shared/studies/sacro.json, the bytes
 * `sitecrf init --study` stores) and one with the definition that was compiled TypeScript before
 * (tests/fixtures/protocols/sacro-compiled.ts), each unlocked so that it runs its stored definition.
 * The same people, the same seeded demo cohort, the same edits, queries, clock and cut-offs go into
 * both; every export's every cell, value and type, must be the same in the two workbooks, except the
 * cells that name the database itself or the definition's own bytes (listed and explained below).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/demo/index';
import { readSubmission } from '../../main/export/workbook-reader';
import { exportSubmission } from '../../main/export/workbook-writer';
import type { ProfileId } from '../../main/export/profiles';
import { closeQuery, openQuery, replyQuery } from '../../main/services/queries';
import { saveForm } from '../../main/services/save-form';
import type { SiteSession } from '../../main/services/session';
import { createSiteDatabase, unlockSiteDatabase } from '../../main/services/site-db';
import { SACRO_COMPILED } from '../fixtures/protocols/sacro-compiled';
import { asRole, enterPerson, FIXTURE_KDF, PEOPLE } from '../support/export-fixture';

const SACRO_FILE = 'shared/studies/sacro.json';
const PASSWORD = 'correct horse battery';
const PROFILES: ProfileId[] = ['safe-harbor', 'safe-harbor-text', 'limited', 'identified'];

interface Built {
  admin: SiteSession;
  /** period/profile → workbook file */
  files: Map<string, string>;
}

const dir = mkdtempSync(join(tmpdir(), 'sitecrf-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One site, one definition text; everything else is the same for both calls. */
async function build(name: string, studyText: string): Promise<Built> {
  const clock = { now: new Date('2026-10-20T12:00:00.000Z') };
  const tick = (): Date => clock.now;
  const path = join(dir, `${name}.sitecrf`);
  createSiteDatabase({
    path,
    siteCode: 'MMC',
    studyText,
    admin: { username: 'admin', fullName: 'Site Administrator', password: PASSWORD },
    kdf: FIXTURE_KDF,
    now: clock.now,
  });
  const admin = unlockSiteDatabase(path, { username: 'admin', password: PASSWORD }, { clock: tick });
  const coordinator = asRole(admin, 'coordinator', 'coord', tick);
  const monitor = asRole(admin, 'monitor', 'monitor', tick);
  PEOPLE.forEach((p, i) => enterPerson(coordinator, p, i));
  generateDemo(admin, { subjects: 40, seed: 'identity' });
  const q = openQuery(monitor, {
    subjectId: 'MMC-0002',
    event: 'procedure',
    form: 'PROC',
    field: 'cement_ml',
    text: 'Please confirm the cement volume against the operative note.',
  });
  replyQuery(coordinator, { queryId: q.id, text: 'The operative note says 7.6 ml.' });
  const files = new Map<string, string>();
  const exportAll = async (period: string): Promise<void> => {
    for (const profile of PROFILES) {
      const outDir = join(dir, name, period, profile);
      mkdirSync(outDir, { recursive: true });
      files.set(`${period} ${profile}`, (await exportSubmission(admin, { period, profile, outDir })).file);
    }
  };
  await exportAll('2026-10');
  // A month later: edits (Changes), a closed query, a withdrawn value, for the second submission.
  clock.now = new Date('2026-11-18T09:30:00.000Z');
  saveForm(coordinator, {
    subjectId: 'MMC-0001',
    event: 'procedure',
    form: 'PROC',
    values: { cement_ml: 8.1, needles: 1 },
    status: 'complete',
    merge: true,
    reason: 'Corrected from the operative note',
  });
  saveForm(coordinator, {
    subjectId: 'MMC-0003',
    event: 'fu_1m',
    form: 'FU',
    values: { vas_post: 4 },
    status: 'complete',
    merge: true,
    reason: 'Transcription error',
  });
  closeQuery(monitor, { queryId: q.id, text: 'Confirmed against source.' });
  await exportAll('2026-11');
  return { admin, files };
}

interface CellOf {
  type: number;
  value: unknown;
}

/** Every cell of every sheet; a Cover value is named by its item (column A), the rest by address. */
const read = new Map<string, Map<string, CellOf>>();
async function cells(file: string): Promise<Map<string, CellOf>> {
  const known = read.get(file);
  if (known) return known;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, CellOf>();
  wb.eachSheet((ws) =>
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const name =
          ws.name === 'Cover' && col === 2 ? `Cover[${String(row.getCell(1).value)}]` : `${ws.name}!${cell.address}`;
        out.set(name, { type: cell.type, value: cell.value });
      }),
    ),
  );
  read.set(file, out);
  return out;
}

/** The cells that differ between two workbooks, with both values. */
async function differences(a: string, b: string): Promise<{ cells: number; diffs: Map<string, [unknown, unknown]> }> {
  const [A, B] = [await cells(a), await cells(b)];
  const diffs = new Map<string, [unknown, unknown]>();
  for (const name of new Set([...A.keys(), ...B.keys()])) {
    const [x, y] = [A.get(name), B.get(name)];
    if (JSON.stringify(x) !== JSON.stringify(y)) diffs.set(name, [x?.value, y?.value]);
  }
  return { cells: A.size, diffs };
}

/**
 * What two databases made with the same definition differ in: each database has its own random id
 * and site key pair, so its audit chain (whose rows carry the id), the Cover's signature and the
 * hash of the previous submission's (signed) Cover differ too. Nothing of the data.
 */
const DATABASE_ITEMS =
  /^Cover\[(database_id|site_key|site_key_fingerprint|audit_head|audit_hash_at:.*|signature|previous_sha256)\]$/;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const FILE_TEXT = readFileSync(SACRO_FILE, 'utf8');
const COMPILED_TEXT = JSON.stringify(SACRO_COMPILED, null, 2);

let fromFile: Built;
let control: Built;
let compiled: Built;
beforeAll(async () => {
  fromFile = await build('file', FILE_TEXT);
  control = await build('file-again', FILE_TEXT);
  compiled = await build('compiled', COMPILED_TEXT);
}, 600_000);
afterAll(() => {
  for (const b of [fromFile, control, compiled]) b?.admin.close();
});

describe('SACRO from its study file vs the definition that was compiled TypeScript', () => {
  it('both sites run the definition stored from their own text', () => {
    const { $schema, ...def } = fromFile.admin.study.def;
    expect($schema).toBe('./study.schema.json');
    expect(def).toEqual(compiled.admin.study.def);
    expect(fromFile.files.size).toBe(8);
    expect(sha256(FILE_TEXT)).not.toBe(sha256(COMPILED_TEXT));
  });

  it('two databases with the same study file differ only in what names the database', async () => {
    for (const [key, file] of fromFile.files) {
      const { diffs } = await differences(file, control.files.get(key)!);
      expect(
        [...diffs.keys()].filter((n) => !DATABASE_ITEMS.test(n)),
        key,
      ).toEqual([]);
      expect(diffs.has('Cover[database_id]'), key).toBe(true);
    }
  }, 600_000);

  it("every workbook is identical cell for cell (value and type), but for the definition's SHA-256", async () => {
    let compared = 0;
    const sheets = new Set<string>();
    for (const [key, file] of fromFile.files) {
      const back = await readSubmission(compiled.files.get(key)!);
      expect(back.hashCheck, key).toEqual({ ok: true, mismatches: [] });

      const { cells: n, diffs } = await differences(file, compiled.files.get(key)!);
      compared += n;
      for (const name of (await cells(file)).keys()) sheets.add(name.replace(/[![].*$/, ''));
      const { diffs: db } = await differences(file, control.files.get(key)!);
      // What differs beyond two databases: the Dictionary's protocol-version row quotes the stored
      // definition's SHA-256 (the two texts differ in bytes: the file's layout and its $schema key),
      // and the Cover's hash of the Dictionary sheet covers that cell. Nothing else.
      const extra = [...diffs.entries()].filter(([name]) => !db.has(name)).sort(([a], [b]) => a.localeCompare(b));
      expect(
        extra.map(([name]) => name.replace(/![A-Z]+\d+$/, '')),
        key,
      ).toEqual(['Cover[sha256:Dictionary]', 'Dictionary']);
      expect(extra[1]![1], key).toEqual([`SHA-256 ${sha256(FILE_TEXT)}`, `SHA-256 ${sha256(COMPILED_TEXT)}`]);
      for (const name of db.keys()) expect(diffs.has(name), `${key} ${name}`).toBe(true);
    }
    expect([...sheets]).toEqual(
      expect.arrayContaining([
        'Cover',
        'REG',
        'ELIG',
        'PROC',
        'BASE',
        'FU_1M',
        'FU_1Y',
        'AE',
        'Derived',
        'Summary',
        'Changes',
        'Queries',
        'Dictionary',
      ]),
    );
    expect(compared).toBeGreaterThan(30_000);
  }, 600_000);
});
