/**
 * REDCapR's test projects as project XML (tests/fixtures/redcap, MIT), those that publish only
 * that file and some that also have a dictionary: each imported through `import-redcap
 * --project-xml`'s code, checked as `study check` checks it, run as a site database that takes a
 * record through the entries service behind `sitecrf enter`, its monthly workbook written and
 * read back, and one of them through the commands themselves.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sheetNameOf } from '../../main/export/layout';
import { readSubmission } from '../../main/export/workbook-reader';
import { exportSubmission } from '../../main/export/workbook-writer';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { addUser } from '../../main/services/users';
import { applyEntries } from '../../main/services/entries';
import { importRedcapProjectXml } from '../../main/study/redcap/project-xml';
import { readProjectXml } from '../../main/study/redcap/project-xml-read';
import { loadProtocol } from '../../shared/protocol/load';
import { checkStudyText } from '../../shared/protocol/study-file';
import type { Protocol } from '../../shared/protocol/schema';
import { registerStudy } from '../../shared/studies/index';
import { valuesFor } from './redcap-samples';
import { makeSite, PASSWORDS, sitecrf, type Site } from './site-fixture';

const ROOT = join(__dirname, '../fixtures/redcap');
const xmlOf = (dir: string) => readFileSync(join(ROOT, dir, 'project.xml'));

export const XML_PROJECTS = [
  'arm-multiple-delete',
  'arm-single-longitudinal',
  'checkboxes-1',
  'clinical-trial-1',
  'dag',
  'dag-write',
  'decimal-dot',
  'longitudinal-with-repeating-instrument',
  'potentially-problematic-dictionary',
  'repeating-instruments-sparse',
  'simple-write',
  'survey',
  'validation-types-1',
];

/** The first event's entries: register, then every form of the event with values it accepts. */
function entriesFor(def: Protocol, as: string): unknown[] {
  const first = def.events.find((e) => !e.repeating && e.forms.includes(def.indexDate.form)) ?? def.events[0]!;
  const out: unknown[] = [{ action: 'register', as }];
  for (const formId of first.forms) {
    const form = def.forms.find((f) => f.id === formId)!;
    out.push(
      form.repeating || first.repeating
        ? { action: 'add', subject: as, form: formId, values: valuesFor(form) }
        : { action: 'save', subject: as, event: first.id, form: formId, values: valuesFor(form) },
    );
  }
  return out;
}

const sites: Site[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const s of sites) s.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(XML_PROJECTS)('the REDCapR project XML %s', (dir) => {
  const id = `RX_${dir.replace(/[^a-z0-9]+/g, '_').toUpperCase()}`;
  it('imports into a study that `study check` accepts, a site database that takes a record, and a workbook that reads back', async () => {
    const { study, report } = importRedcapProjectXml({
      projectXml: xmlOf(dir),
      id,
      site: { code: 'AAA', name: 'Alpha Clinic' },
    });
    const checked = checkStudyText(JSON.stringify(study, null, 2) + '\n');
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    const def = loadProtocol(study).def;

    // Nothing dropped silently: every variable of the XML is a field, or is named in the report.
    const variables = [...readProjectXml(xmlOf(dir)).items.values()].map((i) => i.attrs['Variable']!);
    expect(variables.length).toBeGreaterThan(1);
    const kept = new Set(def.forms.flatMap((f) => f.fields.map((x) => x.id)));
    const told = new Set([...report.refused, ...report.approximated].map((i) => i.where.split('.').pop()));
    for (const name of variables) expect(kept.has(name) || told.has(name), name).toBe(true);

    registerStudy(study);
    const site = makeSite({ studyId: id, siteCode: 'AAA' });
    sites.push(site);
    const s = site.login('coordinator');
    try {
      const { results } = applyEntries(s, { entries: entriesFor(def, 'A') });
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results.length).toBeGreaterThan(1);
    } finally {
      s.close();
    }

    // The monthly workbook of that site reads back, its hashes check and the record is there.
    const out = mkdtempSync(join(tmpdir(), 'redcap-xml-export-'));
    dirs.push(out);
    const admin = site.login('admin');
    try {
      const exp = await exportSubmission(admin, { period: '2026-11', outDir: out });
      expect(exp.subjects).toBe(1);
      const back = await readSubmission(exp.file);
      expect(back.hashCheck).toEqual({ ok: true, mismatches: [] });
      expect(back.cover.study).toBe(id);
      const first = def.events.find((e) => !e.repeating && e.forms.includes(def.indexDate.form)) ?? def.events[0]!;
      for (const f of first.forms)
        expect(
          back.sheets[sheetNameOf(loadProtocol(study), f, first.id)]?.map((r) => r.subject_id),
          f,
        ).toEqual(['AAA-0001']);
    } finally {
      admin.close();
    }
  });
});

describe('a REDCap project XML through the sitecrf commands', () => {
  it('import-redcap --project-xml → study check → init --study → enter', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecrf-redcap-xml-'));
    dirs.push(dir);
    const studyFile = join(dir, 'rx.json');
    const xml = join(ROOT, 'arm-single-longitudinal', 'project.xml');
    const imp = sitecrf([
      ...['study', 'import-redcap', '--project-xml', xml, '--out', studyFile],
      ...['--id', 'RX_LONG', '--site', 'AAA', '--site-name', 'Alpha Clinic'],
    ]);
    expect(imp.err).toBe('');
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/^Wrote .*rx\.json: \d+ converted, \d+ approximated, \d+ refused/);
    expect(imp.out).toContain('collection.image_profile: file fields are not supported');

    const both = sitecrf(['study', 'import-redcap', '--project-xml', xml, '--events', xml, '--out', studyFile]);
    expect(both.code).not.toBe(0);
    expect(both.err).toContain('--project-xml holds the events');

    // A file above the cap is refused from its size, before a byte is read (sparse: no disk used).
    const huge = join(dir, 'huge.xml');
    writeFileSync(huge, '');
    truncateSync(huge, 300 * (1 << 20));
    const big = sitecrf(['study', 'import-redcap', '--project-xml', huge, '--out', join(dir, 'big.json')]);
    expect(big.code).not.toBe(0);
    expect(big.err).toMatch(/huge\.xml: the file is 314572800 bytes, above the limit of 268435456 bytes/);

    const check = sitecrf(['study', 'check', studyFile]);
    expect(check.code, check.out + check.err).toBe(0);

    const db = join(dir, 'aaa.sitecrf');
    const admin = { SITECRF_PASSWORD: PASSWORDS.admin };
    const init = sitecrf(['init', '--db', db, '--site', 'AAA', '--admin', 'admin', '--study', studyFile], admin);
    expect(init.code, init.err).toBe(0);
    const s = unlockSiteDatabase(db, { username: 'admin', password: PASSWORDS.admin });
    try {
      addUser(s, {
        username: 'carla',
        fullName: 'Carla Coordinator',
        role: 'coordinator',
        password: 'carla-password-1',
      });
    } finally {
      s.close();
    }
    const def = loadProtocol(JSON.parse(readFileSync(studyFile, 'utf8'))).def;
    expect(def.events.map((e) => e.id)).toEqual(['intake_arm_1', 'dischage_arm_1', 'follow_up_arm_1']);
    const entries = entriesFor(def, 'P');
    const file = join(dir, 'entries.json');
    writeFileSync(file, JSON.stringify({ entries }));
    const e = sitecrf(['enter', '--db', db, '--user', 'carla', '--file', file], {
      SITECRF_PASSWORD: 'carla-password-1',
    });
    expect(e.err).toBe('');
    expect(JSON.parse(e.out)).toMatchObject({ applied: entries.length, rejected: 0, subjects: { P: 'AAA-0001' } });
  }, 180_000);
});
