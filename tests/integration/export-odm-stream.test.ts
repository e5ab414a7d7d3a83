/**
 * The ODM files are written as they are made (main/export/odm/sink.ts): nothing may go missing
 * on the way. Every subject of the snapshot is in the Snapshot file with each of its forms, every
 * audit row of a form value is a record of the Transactional file or counted as skipped, and the
 * hashes recorded and returned are those of the bytes on disk.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLayout } from '../../main/export/layout';
import { exportOdm } from '../../main/export/odm/index';
import { PROFILES } from '../../main/export/profiles';
import { createFixture, PEOPLE, type Fixture } from '../support/export-fixture';

let fx: Fixture;
let out: string;
beforeAll(() => {
  fx = createFixture();
  out = mkdtempSync(join(tmpdir(), 'odm-stream-'));
});
afterAll(() => {
  rmSync(fx.dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const lastExport = () =>
  fx.admin.db.prepare('SELECT sha256, sheet_hashes, subjects, rows FROM exports ORDER BY id DESC LIMIT 1').get() as {
    sha256: string;
    sheet_hashes: string;
    subjects: number;
    rows: number;
  };

describe('the streamed ODM files', () => {
  it('hold every subject with each of its forms, and hash as the bytes on disk', async () => {
    const progress: [number, number][] = [];
    const r = await exportOdm(fx.coordinator, {
      period: '2026-10',
      outDir: join(out, 'sh'),
      onProgress: (d, t) => progress.push([d, t]),
    });
    const xml = readFileSync(r.file, 'utf8');
    expect(sha256(r.file)).toBe(r.sha256);
    expect(lastExport()).toMatchObject({ sha256: r.sha256, subjects: PEOPLE.length, rows: r.forms });
    expect(progress.at(-1)).toEqual([PEOPLE.length, PEOPLE.length]);
    expect(xml.endsWith('</ClinicalData>\n</ODM>\n')).toBe(true);

    // The subjects in the database's order, each once.
    const db = fx.admin.db;
    const ids = db.prepare('SELECT id, subject_id FROM subjects ORDER BY seq').all() as {
      id: number;
      subject_id: string;
    }[];
    const subjects = [...xml.matchAll(/<SubjectData SubjectKey="([^"]+)"(?:\/>|>(.*?)<\/SubjectData>)/gs)];
    expect(subjects.map((m) => m[1])).toEqual(ids.map((s) => s.subject_id));

    // Each subject's forms: those the database holds for a form sheet of the profile's layout.
    const sheets = new Set(
      exportLayout(fx.coordinator.study, PROFILES['safe-harbor']).sheets.flatMap((sh) =>
        sh.form && sh.event ? [`${sh.event}/${sh.form}`] : [],
      ),
    );
    const forms = db.prepare('SELECT event, form FROM forms WHERE subject = ? AND data IS NOT NULL');
    let total = 0;
    for (const [i, s] of ids.entries()) {
      const expected = (forms.all(s.id) as { event: string; form: string }[]).filter((f) =>
        sheets.has(`${f.event}/${f.form}`),
      ).length;
      expect(expected, s.subject_id).toBeGreaterThan(0);
      expect((subjects[i]![2] ?? '').match(/<FormData /g)?.length ?? 0, s.subject_id).toBe(expected);
      total += expected;
    }
    expect(r.forms).toBe(total);
  });

  it('hold every audit record of a form value, in the trail order, and hash as the bytes on disk', async () => {
    const r = await exportOdm(fx.coordinator, {
      period: '2026-10',
      profile: 'identified',
      outDir: join(out, 'id'),
      audit: true,
    });
    const xml = readFileSync(r.auditFile!, 'utf8');
    expect(sha256(r.auditFile!)).toBe(r.auditSha256);
    expect(sha256(r.file)).toBe(r.sha256);
    const rec = lastExport();
    expect(rec.sha256).toBe(r.sha256);
    expect(Object.values(JSON.parse(rec.sheet_hashes) as Record<string, string>)).toEqual([r.auditSha256]);

    const trail = (
      fx.admin.db
        .prepare(
          `SELECT id FROM audit WHERE action = 'form.value' AND subject_id IS NOT NULL AND event IS NOT NULL
             AND form IS NOT NULL AND field IS NOT NULL ORDER BY id`,
        )
        .all() as { id: number }[]
    ).map((a) => a.id);
    const written = [...xml.matchAll(/<AuditRecord ID="AR\.(\d+)"/g)].map((m) => Number(m[1]));
    expect(written.length).toBe(r.auditRecords);
    expect(r.auditRecords! + r.auditSkipped!).toBe(trail.length);
    // Each written record is a row of the trail, in its order, none twice.
    expect(written).toEqual(trail.filter((id) => written.includes(id)));
    expect(new Set(written).size).toBe(written.length);
    expect(xml.endsWith('</ClinicalData>\n</ODM>\n')).toBe(true);
  });
});
