/**
 * The Snapshot file's ClinicalData, written to the file subject by subject (sink.ts). ODM ties
 * each ClinicalData to one MetaDataVersion and the file lists them in version order, so a site
 * that ran several versions is read once per version its forms were saved under: nothing is
 * held in memory or put on disk between the passes (the limited and identified profiles keep
 * identifiers, which never go to a spool), and de-identification gives the same rows each time
 * (the free-text review counts a key once). A site that was never amended is read once.
 */
import type { ExportRun } from '../pipeline/run';
import { YIELD_EVERY, yieldToEventLoop } from '../yield';
import { subjectData } from './clinical';
import type { OdmSink } from './sink';
import type { OdmVersion } from './versions';

export interface ClinicalCounts {
  subjects: number;
  forms: number;
}

/** The versions whose ClinicalData may hold forms: those forms were saved under, and the running one. */
function versionsToWrite(run: ExportRun, versions: readonly OdmVersion[]): OdmVersion[] {
  const running = versions[versions.length - 1]!;
  const saved = new Set(
    (
      run.snap.db
        .prepare(
          `SELECT DISTINCT f.protocol_version AS v FROM forms f JOIN subjects s ON s.id = f.subject
           WHERE s.created_at <= ? AND f.data IS NOT NULL`,
        )
        .all(run.snap.cutoff) as { v: string | null }[]
    ).map((r) => r.v),
  );
  return versions.filter((v) => v === running || saved.has(v.version));
}

export async function writeClinicalData(
  sink: OdmSink,
  run: ExportRun,
  versions: readonly OdmVersion[],
  clinicalOpen: (mdv: string) => string,
  onProgress?: (done: number, total: number) => void,
): Promise<ClinicalCounts> {
  const { study, layout, snap } = run;
  const running = versions[versions.length - 1]!;
  const passes = versionsToWrite(run, versions);
  const total = (
    snap.db.prepare('SELECT count(*) AS n FROM subjects WHERE created_at <= ?').get(snap.cutoff) as { n: number }
  ).n;
  // The screen says "k of N subjects": over several passes, k is the share of the reading done.
  const per = passes.length;
  let done = 0;
  let subjects = 0;
  let forms = 0;
  for (const [pass, v] of passes.entries()) {
    // The running version's ClinicalData is written even when empty; an older one only with data.
    let opened = v === running;
    if (opened) sink.part(clinicalOpen(v.oid));
    for (const s of run.subjects()) {
      const xml = subjectData(study, layout, s, run.deidentify(s).sheets, versions).get(v.oid);
      if (xml !== undefined) {
        if (!opened) sink.part(clinicalOpen(v.oid));
        opened = true;
        forms += (xml.match(/<FormData /g) ?? []).length;
        sink.part(xml);
      }
      if (pass === 0) subjects++;
      // The screen's host answers other calls (and the progress bar) while a large file is written.
      if (++done % YIELD_EVERY === 0) {
        onProgress?.(Math.min(Math.floor(done / per), total), total);
        await yieldToEventLoop();
      }
    }
    if (opened) sink.part('</ClinicalData>');
  }
  onProgress?.(subjects, Math.max(subjects, total));
  return { subjects, forms };
}
