/**
 * A sponsor store holding the network's workbooks. Until `sponsor import` lands it is filled here
 * with the store schema's own tables (one row per workbook row, the latest submission of each
 * site current), which is what the report reads.
 */
import { join } from 'node:path';
import { readSubmission } from '../../main/export/workbook-reader';
import { sha256File } from '../../main/export/record';
import { Store } from '../../main/sponsor/store';

export async function pooledStore(dir: string, files: string[], studyId = 'SACRO'): Promise<Store> {
  const store = await Store.open(join(dir, 'study.duckdb'), { create: true });
  await store.setMeta('study', studyId);
  const latest = new Map<string, string>();
  const reads = [];
  for (const f of files) {
    const r = await readSubmission(f);
    reads.push({ f, r });
    const prev = latest.get(r.cover.site.code);
    if (!prev || prev < r.cover.period) latest.set(r.cover.site.code, r.cover.period);
  }
  let id = 0;
  for (const { f, r } of reads) {
    id++;
    const c = r.cover;
    await store.run(
      `INSERT INTO submissions (id, site, site_name, period, protocol_version, profile, cutoff, exported_at, app_version,
        schema_version, subjects, file_name, file_sha256, previous_period, previous_file, previous_sha256, previous_id,
        is_current, imported_at, cover)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,NULL,$17,now(),$18)`,
      [
        id,
        c.site.code,
        c.site.name,
        c.period,
        c.protocolVersion,
        c.profile,
        c.cutoff,
        c.exportedAt,
        c.appVersion,
        c.schemaVersion,
        c.subjects,
        f,
        await sha256File(f),
        c.previous?.period ?? null,
        c.previous?.fileName ?? null,
        c.previous?.sha256 ?? null,
        latest.get(c.site.code) === c.period,
        JSON.stringify(c),
      ],
    );
    const app = await store.conn.createAppender('sheet_rows');
    for (const [sheet, rows] of Object.entries(r.sheets))
      rows.forEach((row, i) => {
        app.appendInteger(id);
        app.appendVarchar(c.site.code);
        app.appendVarchar(sheet);
        app.appendInteger(i + 1);
        if (row.subject_id === undefined || row.subject_id === null) app.appendNull();
        else app.appendVarchar(String(row.subject_id));
        if (typeof row.instance === 'number') app.appendInteger(row.instance);
        else app.appendNull();
        app.appendVarchar(JSON.stringify(row));
        app.endRow();
      });
    app.closeSync();
  }
  return store;
}
