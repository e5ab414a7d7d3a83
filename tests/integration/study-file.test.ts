/** SACRO ships as a JSON study file; `sitecrf study check` reports every error with its path and rule. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtocol } from '../../shared/protocol/load';
import { checkStudyDefinition, studyJsonSchema } from '../../shared/protocol/study-file';
import { SACRO } from '../../shared/studies/sacro';
import { SACRO_COMPILED } from '../fixtures/protocols/sacro-compiled';
import { sitecrf } from './site-fixture';

const dir = mkdtempSync(join(tmpdir(), 'sitecrf-study-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SACRO_FILE = 'shared/studies/sacro.json';

describe('the SACRO study file', () => {
  it('loads to exactly the definition that was compiled TypeScript: nothing lost on the way', () => {
    const { $schema, ...fromFile } = loadProtocol(JSON.parse(readFileSync(SACRO_FILE, 'utf8'))).def;
    expect($schema).toBe('./study.schema.json');
    expect(fromFile).toEqual(loadProtocol(SACRO_COMPILED).def);
    // The app's SACRO is that file.
    expect(loadProtocol(SACRO).def).toEqual(loadProtocol(JSON.parse(readFileSync(SACRO_FILE, 'utf8'))).def);
  });

  it('the published JSON Schema is the one the zod schema generates (run `sitecrf study schema` to refresh)', () => {
    expect(JSON.parse(readFileSync('shared/studies/study.schema.json', 'utf8'))).toEqual(studyJsonSchema());
  });
});

describe('sitecrf study check', () => {
  it('accepts the SACRO file', () => {
    const r = sitecrf(['study', 'check', SACRO_FILE]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/study SACRO version 1\.0: 6 forms, 5 events, \d+ fields: no errors/);
  });

  it('lists every schema error with its JSON path and rule, and exits 1', () => {
    const bad = JSON.parse(readFileSync(SACRO_FILE, 'utf8'));
    bad.title = '';
    bad.forms[3].fields[1].type = 'number';
    delete bad.forms[0].fields[2].label;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = sitecrf(['study', 'check', file]);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.title: too_small: /),
        expect.stringMatching(/^\$\.forms\[3\]\.fields\[1\]\.type: invalid_value: .*"text"\|"int"/),
        expect.stringMatching(/^\$\.forms\[0\]\.fields\[2\]\.label: invalid_type: /),
      ]),
    );
    expect(lines).toHaveLength(3);
    expect(r.err).toContain('3 errors');
  });

  it('lists every broken reference once the shape is right, each at its JSON path with its rule, and exits 1', () => {
    const bad = JSON.parse(readFileSync(SACRO_FILE, 'utf8'));
    bad.indexDate.field = 'no_such_date';
    bad.summary.complications.major.push('Z');
    bad.forms[1].fields[8].showIf.field = 'tumour_kind';
    const check = checkStudyDefinition(bad);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('no field PROC.no_such_date'),
        'summary complications: AE.ae_grade has no code Z',
      ]),
    );
    const file = join(dir, 'refs.json');
    writeFileSync(file, JSON.stringify(bad, null, 2));
    const r = sitecrf(['study', 'check', file]);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toEqual([
      '$.forms[1].fields[8].showIf.field: unknownField: ELIG.primary_tumor showIf: no field ELIG.tumour_kind',
      expect.stringMatching(/^\$\.indexDate\.field: unknownField: indexDate: no field PROC\.no_such_date/),
      `$.summary.complications.major[${bad.summary.complications.major.length - 1}]: unknownCode: summary complications: AE.ae_grade has no code Z`,
    ]);
    expect(r.err).toContain('3 errors');
  });

  it('a file that is not JSON is one error', () => {
    const file = join(dir, 'not.json');
    writeFileSync(file, '{ "id": ');
    const r = sitecrf(['study', 'check', file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^\$: json: not JSON/);
  });
});
