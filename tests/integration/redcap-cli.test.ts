/**
 * A REDCapR longitudinal project with events, mapping and repeating instruments, through the
 * commands a data manager and a site type: `sitecrf study import-redcap`, `study check`,
 * `init --study`, `enter` and `export`, and the workbook read back.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sheetNameOf } from '../../main/export/layout';
import { readSubmission } from '../../main/export/workbook-reader';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { addUser } from '../../main/services/users';
import { loadProtocol } from '../../shared/protocol/load';
import { valuesFor } from './redcap-samples';
import { PASSWORDS, sitecrf } from './site-fixture';

const PROJECT = join(__dirname, '../fixtures/redcap/longitudinal-with-repeating-instrument');
const dir = mkdtempSync(join(tmpdir(), 'sitecrf-redcap-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ADMIN = { SITECRF_PASSWORD: PASSWORDS.admin };
const CARLA = 'carla-password-1';

describe('a REDCap project through the sitecrf commands', () => {
  it('import-redcap → study check → init --study → enter → export → read back', async () => {
    const studyFile = join(dir, 'rc.json');
    const at = (f: string) => join(PROJECT, f);
    const imp = sitecrf([
      ...['study', 'import-redcap', '--dictionary', at('dictionary.csv'), '--events', at('event.csv')],
      ...['--mapping', at('instrument-event.csv'), '--repeating', at('repeating.csv'), '--out', studyFile],
      ...['--id', 'RC_LONG', '--site', 'AAA', '--site-name', 'Alpha Clinic'],
    ]);
    expect(imp.err).toBe('');
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(
      /^Wrote .*rc\.json: \d+ converted, \d+ approximated, \d+ refused, \d+ PHI classes to confirm\./,
    );

    const check = sitecrf(['study', 'check', studyFile]);
    expect(check.code, check.out + check.err).toBe(0);

    const db = join(dir, 'aaa.sitecrf');
    const init = sitecrf(['init', '--db', db, '--site', 'AAA', '--admin', 'admin', '--study', studyFile], ADMIN);
    expect(init.code, init.err).toBe(0);
    const s = unlockSiteDatabase(db, { username: 'admin', password: PASSWORDS.admin });
    try {
      addUser(s, { username: 'carla', fullName: 'Carla Coordinator', role: 'coordinator', password: CARLA });
    } finally {
      s.close();
    }

    const study = loadProtocol(JSON.parse(readFileSync(studyFile, 'utf8')));
    const def = study.def;
    const first = def.events.find((e) => !e.repeating && e.forms.includes(def.indexDate.form))!;
    const entries = [
      { action: 'register', as: 'P' },
      ...first.forms.map((form) => {
        const values = valuesFor(def.forms.find((f) => f.id === form)!);
        return def.forms.find((f) => f.id === form)!.repeating
          ? { action: 'add', subject: 'P', form, values }
          : { action: 'save', subject: 'P', event: first.id, form, values };
      }),
    ];
    const file = join(dir, 'entries.json');
    writeFileSync(file, JSON.stringify({ entries }));
    const e = sitecrf(['enter', '--db', db, '--user', 'carla', '--file', file], { SITECRF_PASSWORD: CARLA });
    expect(e.err).toBe('');
    expect(JSON.parse(e.out)).toMatchObject({ applied: entries.length, rejected: 0, subjects: { P: 'AAA-0001' } });

    const out = join(dir, 'out');
    const x = sitecrf(['export', '--db', db, '--user', 'admin', '--period', '2026-11', '--out', out], ADMIN);
    expect(x.code, x.err).toBe(0);
    const wb = await readSubmission(
      join(
        out,
        readdirSync(out).find((f) => f.endsWith('.xlsx'))!,
      ),
    );
    expect(wb.hashCheck).toEqual({ ok: true, mismatches: [] });
    expect(wb.cover.study).toBe('RC_LONG');
    for (const f of first.forms)
      expect(wb.sheets[sheetNameOf(study, f, first.id)]?.map((r) => r.subject_id)).toEqual(['AAA-0001']);
  }, 180_000);
});
