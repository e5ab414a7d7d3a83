/**
 * `sitecrf init --study FILE` on a real encrypted file: the definition and its SHA-256 are stored
 * in the database, the file is never read again, and a second, small study (MINI) runs entry,
 * the workbook with its Dictionary, and the ODM file with no word of the shipped study in them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSubmission } from '../../main/export/workbook-reader';
import { saveForm } from '../../main/services/save-form';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { registerSubject } from '../../main/services/subjects';
import { studyVersions } from '../../main/services/study-store';
import { addUser } from '../../main/services/users';
import { loadProtocol } from '../../shared/protocol/load';
import { getStudy } from '../../shared/studies/index';
import { SACRO } from '../../shared/studies/sacro';
import { makeSite, PASSWORDS, rawConnection, sitecrf } from './site-fixture';

const dir = mkdtempSync(join(tmpdir(), 'sitecrf-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MINI_FILE = join(__dirname, '../fixtures/studies/mini.json');
const XSD = join(__dirname, '../fixtures/odm/ODM1-3-2.xsd');
const ADMIN = { SITECRF_PASSWORD: PASSWORDS.admin };
const CARLA = 'carla-password-1';

/** Every form, field, event, derived value and code name of SACRO that MINI does not share. */
function sacroOnlyNames(): Set<string> {
  const sacro = loadProtocol(SACRO).def;
  const mini = loadProtocol(JSON.parse(readFileSync(MINI_FILE, 'utf8'))).def;
  const names = (d: typeof sacro) =>
    new Set([
      ...d.forms.map((f) => f.id),
      ...d.forms.flatMap((f) => f.fields.map((x) => x.id)),
      ...d.forms.flatMap((f) => f.fields.flatMap((x) => (x.codes ?? []).map((c) => c.code))),
      ...d.events.map((e) => e.id),
      ...d.derived.map((x) => x.id),
      d.index.yearColumn ?? '',
    ]);
  const ours = names(mini);
  // One- and two-letter codes (Y, N, F, M, CT) are words of any study, not SACRO's; subject_id is
  // the workbook's own key column in every study (SACRO names its computed field after it).
  return new Set([...names(sacro)].filter((n) => !ours.has(n) && n.length > 2 && n !== 'subject_id'));
}

describe('sitecrf init --study FILE', () => {
  const db = join(dir, 'aaa.sitecrf');
  const studyCopy = join(dir, 'mini-v0.1.json');

  it('stores the definition and its SHA-256; the app runs it after the file is gone', () => {
    copyFileSync(MINI_FILE, studyCopy);
    const sha = createHash('sha256').update(readFileSync(studyCopy)).digest('hex');
    const r = sitecrf(['init', '--db', db, '--site', 'AAA', '--admin', 'admin', '--study', studyCopy], ADMIN);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`SHA-256 ${sha}`);
    rmSync(studyCopy);

    const s = unlockSiteDatabase(db, { username: 'admin', password: PASSWORDS.admin });
    try {
      expect(s.study.def.id).toBe('MINI');
      expect(s.site).toEqual({ code: 'AAA', name: 'Alpha Clinic, Springfield' });
      // Not a study of this build: only the database knows it.
      expect(() => getStudy('MINI')).toThrow(/unknown study/);
      expect(studyVersions(s.db)).toEqual([
        expect.objectContaining({ version: '0.1', sha256: sha, installedBy: 'admin', reason: null }),
      ]);
      const create = s.db.prepare(`SELECT detail FROM audit WHERE action = 'site.create'`).get() as { detail: string };
      expect(JSON.parse(create.detail)).toMatchObject({ study: 'MINI', version: '0.1', sha256: sha });
      addUser(s, { username: 'carla', fullName: 'Carla Coordinator', role: 'coordinator', password: CARLA });
    } finally {
      s.close();
    }
  }, 180_000);

  it('MINI runs entry (sitecrf enter), the workbook with its Dictionary, and ODM, with no SACRO name', async () => {
    const entries = join(dir, 'entries.json');
    writeFileSync(
      entries,
      JSON.stringify({
        entries: [
          { action: 'register', as: 'P' },
          {
            action: 'save',
            subject: 'P',
            event: 'baseline',
            form: 'ENROL',
            values: { initials: 'JQ', dob: '1980-05-01', arm: 'A', enrol_date: '2025-03-01' },
          },
          {
            action: 'save',
            subject: 'P',
            event: 'baseline',
            form: 'VISIT',
            values: { visit_date: '2025-03-01', weight_kg: 80.3, smoker: 'N' },
          },
          {
            action: 'save',
            subject: 'P',
            event: 'week4',
            form: 'VISIT',
            values: { visit_date: '2025-03-29', weight_kg: 78.1, smoker: 'Y', packs_per_day: 0.5 },
          },
          {
            action: 'add',
            subject: 'P',
            form: 'CONMED',
            values: { drug: 'metformin', cm_start: '2025-03-02', ongoing: 'Y' },
          },
        ],
      }),
    );
    const e = sitecrf(['enter', '--db', db, '--user', 'carla', '--file', entries], { SITECRF_PASSWORD: CARLA });
    expect(e.err).toBe('');
    expect(JSON.parse(e.out)).toMatchObject({ applied: 5, rejected: 0, subjects: { P: 'AAA-0001' } });

    const out = join(dir, 'out');
    const x = sitecrf(['export', '--db', db, '--user', 'admin', '--period', '2025-03', '--out', out], ADMIN);
    expect(x.code, x.err).toBe(0);
    const file = readdirSync(out).find((f) => f.endsWith('.xlsx'))!;
    expect(file).toBe('MINI_AAA_2025-03_safe-harbor.xlsx');
    const wb = await readSubmission(join(out, file));
    expect(wb.hashCheck.ok).toBe(true);
    expect(wb.cover.study).toBe('MINI');
    const dict = wb.sheets.Dictionary!;
    const dictText = JSON.stringify(dict);
    for (const f of ['initials', 'weight_kg', 'packs_per_day', 'drug', 'age_at_enrol', 'enrol_year'])
      expect(dictText).toContain(f);
    const enrol = Object.entries(wb.sheets).find(([n]) => n.includes('ENROL'))![1];
    expect(enrol).toHaveLength(1);
    expect(enrol[0]).toMatchObject({ subject_id: 'AAA-0001', arm: 'A', age_at_enrol: 44 });
    // Safe Harbor: the initials and the birth date are gone.
    expect(JSON.stringify(wb.sheets)).not.toContain('JQ');
    expect(JSON.stringify(wb.sheets)).not.toContain('1980');

    const sacroNames = sacroOnlyNames();
    expect(sacroNames.size).toBeGreaterThan(50);
    const words = (t: string) => t.split(/[^A-Za-z0-9_]+/).filter(Boolean);
    const everything = [JSON.stringify(wb.sheets), JSON.stringify(wb.cover)].join(' ');
    expect(words(everything).filter((w) => sacroNames.has(w))).toEqual([]);
    // The scan can fail: a SACRO workbook is full of its names.
    expect(words('proc_date vas_pre proc_year').filter((w) => sacroNames.has(w))).toHaveLength(3);

    const o = sitecrf(
      ['export', '--db', db, '--user', 'admin', '--period', '2025-03', '--out', out, '--format', 'odm'],
      ADMIN,
    );
    expect(o.code, o.err).toBe(0);
    const odm = join(
      out,
      readdirSync(out).find((f) => f.endsWith('.odm.xml'))!,
    );
    const v = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, odm], { encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    const xml = readFileSync(odm, 'utf8');
    expect(xml).toContain('<ItemData ItemOID="I.VISIT.packs_per_day" Value="0.5"/>');
    expect(words(xml).filter((w) => sacroNames.has(w))).toEqual([]);
  }, 240_000); // several CLI processes; under a loaded shared machine it outgrew the 60 s default

  it('refuses a changed stored definition: its SHA-256 no longer matches', () => {
    const site = makeSite({ users: false });
    try {
      const raw = rawConnection(site.path);
      raw.prepare(`UPDATE study_versions SET definition = replace(definition, '"Sacral', '"Sacrum')`).run();
      raw.close();
      expect(() => site.login('admin')).toThrow(/does not match its SHA-256/);
    } finally {
      site.cleanup();
    }
  });

  it('a study file with errors: every error with its JSON path, exit 1, no database', () => {
    const bad = JSON.parse(readFileSync(MINI_FILE, 'utf8'));
    bad.forms[1].fields[1].type = 'float';
    delete bad.forms[0].label;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const target = join(dir, 'bad.sitecrf');
    const r = sitecrf(['init', '--db', target, '--site', 'AAA', '--admin', 'admin', '--study', file], ADMIN);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^\$\.forms\[1\]\.fields\[1\]\.type: invalid_value: /m);
    expect(r.out).toMatch(/^\$\.forms\[0\]\.label: invalid_type: /m);
    expect(r.err).toContain('2 errors');
    expect(existsSync(target)).toBe(false);
  });
});

describe('a database made before the definition was stored', () => {
  it('stores the shipped definition as its first version and marks its forms with it', () => {
    const site = makeSite();
    try {
      const c = site.login('coordinator');
      const { subjectId } = registerSubject(c);
      saveForm(c, {
        subjectId,
        event: 'screening',
        form: 'BASE',
        values: { baseline_date: '2025-01-10', vas_pre: 9, analgesic: ['STRONG_OPIOID'], ambulation: 'AID' },
        status: 'draft',
      });
      c.close();
      const raw = rawConnection(site.path);
      raw.exec('DROP TABLE study_versions; ALTER TABLE forms DROP COLUMN protocol_version;');
      raw.pragma('user_version = 4');
      raw.close();

      const s = site.login('coordinator');
      expect(s.study.def.id).toBe('SACRO');
      expect(studyVersions(s.db)).toEqual([expect.objectContaining({ version: '1.0', installedBy: 'migration' })]);
      expect(s.db.prepare('SELECT DISTINCT protocol_version FROM forms').all()).toEqual([{ protocol_version: '1.0' }]);
      s.close();
    } finally {
      site.cleanup();
    }
  });
});
