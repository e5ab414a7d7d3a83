/**
 * REDCap's own R client test projects (tests/fixtures/redcap, MIT) imported, checked, run as a
 * site database, a record entered through the entries service behind `sitecrf enter`, and the
 * monthly workbook written and read back.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSubmission } from '../../main/export/workbook-writer';
import { sheetNameOf } from '../../main/export/layout';
import { readSubmission } from '../../main/export/workbook-reader';
import { applyEntries } from '../../main/services/entries';
import { readCsv } from '../../main/study/redcap/csv';
import { importRedcap } from '../../main/study/redcap/import';
import { loadProtocol } from '../../shared/protocol/load';
import { checkStudyText } from '../../shared/protocol/study-file';
import type { Protocol } from '../../shared/protocol/schema';
import { registerStudy } from '../../shared/studies/index';
import { valuesFor } from './redcap-samples';
import { makeSite, type Site } from './site-fixture';

const ROOT = join(__dirname, '../fixtures/redcap');
const file = (dir: string, name: string): Buffer | undefined =>
  existsSync(join(ROOT, dir, name)) ? readFileSync(join(ROOT, dir, name)) : undefined;

export const PROJECTS = [
  'longitudinal',
  'longitudinal-with-repeating-instrument',
  'repeating-instruments',
  'validation-types-1',
  'potentially-problematic-dictionary',
  'arm-single-delete',
  'blank-for-gray-status',
  'checkboxes-1',
  'clinical-trial-1',
  'dag-write',
  'decimal-comma-and-dot',
  'decimal-comma',
  'empty-rows',
  'file-repo',
  'metadata-write',
  'multilevel-model-1',
  'nonnumeric-record-id',
  'potentially-problematic-values',
  'simple',
  'single-column',
  'super-wide-1',
  'vignette-repeating',
];

export function importProject(dir: string, id: string) {
  return importRedcap({
    dictionary: file(dir, 'dictionary.csv')!,
    events: file(dir, 'event-offsets.csv') ?? file(dir, 'event.csv'),
    mapping: file(dir, 'instrument-event.csv'),
    repeating: file(dir, 'repeating.csv'),
    id,
    site: { code: 'AAA', name: 'Alpha Clinic' },
  });
}

const sites: Site[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const s of sites) s.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each(PROJECTS)('the REDCapR test project %s', (dir) => {
  const id = `RC_${dir.replace(/[^a-z0-9]+/g, '_').toUpperCase()}`;
  it('imports into a study that loads, runs a site, takes a record and exports a workbook that reads back', async () => {
    const { study, report } = importProject(dir, id);
    // The file `sitecrf study import-redcap` writes, checked as `sitecrf study check` checks it.
    const checked = checkStudyText(JSON.stringify(study, null, 2) + '\n');
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    const def: Protocol = loadProtocol(study).def;
    expect(def.forms.length).toBeGreaterThan(0);
    // Nothing dropped silently: every dictionary row is a field, or is named in the report.
    const rows = readCsv(readFileSync(join(ROOT, dir, 'dictionary.csv')), dir)
      .slice(1)
      .map((r) => r[0]!.trim());
    expect(rows.length).toBeGreaterThan(0);
    const kept = new Set(def.forms.flatMap((f) => f.fields.map((x) => x.id)));
    const told = new Set([...report.refused, ...report.approximated].map((i) => i.where.split('.').pop()));
    for (const name of rows) expect(kept.has(name) || told.has(name), name).toBe(true);

    registerStudy(study);
    const site = makeSite({ studyId: id, siteCode: 'AAA' });
    sites.push(site);
    const s = site.login('coordinator');
    const idx = def.indexDate;
    const firstEvent = def.events.find((e) => !e.repeating && e.forms.includes(idx.form)) ?? def.events[0]!;
    const entries: unknown[] = [{ action: 'register', as: 'A' }];
    for (const formId of firstEvent.forms) {
      const form = def.forms.find((f) => f.id === formId)!;
      entries.push(
        form.repeating || firstEvent.repeating
          ? { action: 'add', subject: 'A', form: formId, values: valuesFor(form) }
          : { action: 'save', subject: 'A', event: firstEvent.id, form: formId, values: valuesFor(form) },
      );
    }
    const { results } = applyEntries(s, { entries });
    expect(results.filter((r) => !r.ok)).toEqual([]);

    const out = mkdtempSync(join(tmpdir(), 'redcap-export-'));
    dirs.push(out);
    const admin = site.login('admin');
    const exp = await exportSubmission(admin, { period: '2026-11', outDir: out });
    expect(exp.subjects).toBe(1);
    const back = await readSubmission(exp.file);
    expect(back.hashCheck).toEqual({ ok: true, mismatches: [] });
    expect(back.cover.study).toBe(id);
    for (const f of firstEvent.forms) {
      const name = sheetNameOf(loadProtocol(study), f, firstEvent.id);
      expect(
        back.sheets[name]?.map((r) => r.subject_id),
        name,
      ).toEqual(['AAA-0001']);
    }
    s.close();
    admin.close();
  });
});
