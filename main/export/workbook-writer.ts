/**
 * The monthly submission workbook (submission-workbook.md), from one database snapshot in two
 * passes, as the writer step of the export pipeline (pipeline/run.ts: checks, lock, snapshot,
 * de-identification; pipeline/publish.ts: record the disclosure, then publish). Pass 1 reads
 * and de-identifies every subject once: it computes the Summary, and each data sheet's
 * canonical hash, row count and column widths (the Cover comes first and states them) while
 * writing the sheet's de-identified rows to a temporary spool file (spool.ts). Pass 2 streams
 * the sheets in order, the data sheets from their spools, and checks that what it wrote hashes
 * as the Cover says. The profiles that keep identifiers (limited, identified) never put rows on
 * disk: their pass 2 reads the snapshot again, once per data sheet.
 */
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { todayIso } from '../../shared/dates';
import type { Study } from '../../shared/protocol/load';
import { schemaVersion } from '../db/migrate';
import type { SiteSession } from '../services/session';
import { APP_LABEL } from './app-version';
import type { SheetDigest } from './canonical';
import { coverRows } from './cover';
import { coverSigning } from './cover-trust';
import type { PhiCounts } from './deidentify';
import type { DataSheetSpec } from './layout';
import { exportBaseName, runExport, type ExportRun } from './pipeline/run';
import { recordThenPublish } from './pipeline/publish';
import { isDeidentifiedProfile, PROFILES, type ProfileId, ruleTexts } from './profiles';
import { privateWriteStream } from './private-file';
import type { FreeTextReview } from './review';
import { changesSheet } from './sheet-changes';
import { dictionarySheet } from './sheet-dictionary';
import { dictionaryVersions } from './study-versions';
import { formsByProtocolVersion } from '../services/study-store';
import { queriesSheet } from './sheet-queries';
import type { SheetSource } from './sheet-source';
import { summarySheet } from './sheet-summary';
import { SheetSpool, spoolPath } from './spool';
import { digestOf, startDigest, writeSheet } from './sheet-writer';
import { previousSubmission, queryCounts } from './source';
import { summaryAccumulator, type Summary } from './summary';
import { yieldToEventLoop, YIELD_EVERY } from './yield';

export interface ExportOptions {
  period: string;
  profile?: ProfileId;
  outDir: string;
  cutoff?: Date;
  onProgress?: (done: number, total: number) => void;
  /** a reviewed decision file's decisions, applied to the free text (review.ts; safe-harbor-text only) */
  review?: FreeTextReview;
}

export interface ExportResult {
  file: string;
  sha256: string;
  /** Data rows of the subject sheets (form sheets and Derived), header rows not counted. */
  rows: number;
  subjects: number;
  sheetHashes: Record<string, string>;
  profile: ProfileId;
  period: string;
  cutoff: string;
  exportId: number;
}

export function submissionFileName(study: Study, site: string, period: string, profile: ProfileId): string {
  return `${exportBaseName(study, site, period, PROFILES[profile])}.xlsx`;
}

/** A data sheet's rows: each subject of the snapshot through the run's de-identification, this sheet only. */
function dataSheetSource(run: ExportRun, spec: DataSheetSpec): SheetSource {
  return {
    name: spec.name,
    columns: spec.columns,
    *rows() {
      for (const s of run.subjects()) yield* run.deidentify(s, spec.name).sheets.get(spec.name) ?? [];
    },
  };
}

function addCounts(into: PhiCounts, from: PhiCounts): void {
  for (const [k, n] of Object.entries(from)) into[k as keyof PhiCounts] = (into[k as keyof PhiCounts] ?? 0) + (n ?? 0);
}

/** Progress in subject-sheets: pass 1 reads each subject once; pass 2 writes each data sheet. */
function progressMeter(total: number, onProgress?: (done: number, total: number) => void) {
  let done = 0;
  return {
    get done() {
      return done;
    },
    advanceTo(n: number): void {
      if (n <= done) return;
      done = Math.min(n, total);
      onProgress?.(done, total);
    },
  };
}
type Meter = ReturnType<typeof progressMeter>;

interface PassOne {
  summary: Summary;
  subjects: number;
  /** each data sheet's digest: the spool's, or one kept in memory while its rows went by */
  dataDigests: Map<string, SheetDigest>;
  spoolOf: Map<string, SheetSpool>;
  redactedText: PhiCounts;
}

/** Pass 1: every subject read and de-identified once; the Summary, hashes, counts and widths. */
async function passOne(run: ExportRun, fileName: string, spools: SheetSpool[], meter: Meter): Promise<PassOne> {
  const { profile, layout, study, snap } = run;
  const banner = profile.phiBanner;
  // A de-identified profile keeps pass 1's rows on disk (spool.ts), so every subject is read and
  // de-identified once; the others (limited, identified) never put their rows on disk and read
  // the snapshot again for each data sheet in pass 2.
  const spoolOf = new Map<string, SheetSpool>();
  if (isDeidentifiedProfile(profile))
    for (const sh of layout.sheets) {
      const sp = new SheetSpool(
        spoolPath(run.outDir, fileName, run.tag, sh.name),
        sh.name,
        sh.columns,
        profile,
        banner,
      );
      spools.push(sp);
      spoolOf.set(sh.name, sp);
    }
  const dataDigests = new Map(
    layout.sheets.map((sh) => [sh.name, spoolOf.get(sh.name)?.digest ?? startDigest(sh.columns, banner)]),
  );
  const redactedText: PhiCounts = {};
  let subjects = 0;
  const acc = summaryAccumulator(study, {
    period: run.period,
    today: todayIso(new Date(snap.cutoff)),
    queries: queryCounts(snap),
  });
  for (const s of run.subjects()) {
    const out = run.deidentify(s);
    for (const [name, rows] of out.sheets) {
      const sp = spoolOf.get(name);
      if (sp) for (const r of rows) sp.add(r);
      else {
        const d = dataDigests.get(name)!;
        for (const r of rows) d.add(r);
      }
    }
    addCounts(redactedText, out.phiCounts);
    acc.add(s);
    subjects++;
    meter.advanceTo(meter.done + 1);
    // Let the app answer (progress polls, other screens) while a large site is read.
    if (subjects % YIELD_EVERY === 0) await yieldToEventLoop();
  }
  for (const sp of spools) sp.finish();
  return { summary: acc.finish(), subjects, dataDigests, spoolOf, redactedText };
}

export async function exportSubmission(session: SiteSession, opts: ExportOptions): Promise<ExportResult> {
  return runExport(session, { ...opts, fileNames: (base) => [`${base}.xlsx`] }, (run) =>
    writeWorkbook(session, run, opts),
  );
}

async function writeWorkbook(session: SiteSession, run: ExportRun, opts: ExportOptions): Promise<ExportResult> {
  const { study, profile, layout, snap } = run;
  const file = run.files[0]!;
  const fileName = basename(file);
  const tmp = run.partialOf(file);
  const spools: SheetSpool[] = [];
  try {
    const prev = previousSubmission(snap.db);
    const banner = profile.phiBanner;
    const subjectsTotal = (
      snap.db.prepare('SELECT count(*) AS n FROM subjects WHERE created_at <= ?').get(snap.cutoff) as { n: number }
    ).n;
    const meter = progressMeter(subjectsTotal * (1 + layout.sheets.length), opts.onProgress);
    const one = await passOne(run, fileName, spools, meter);
    const { dataDigests, spoolOf, subjects } = one;
    const redactedQueries: PhiCounts = {};
    // Pass 2 reports each data sheet as `subjects` steps, spread over its rows.
    const sheetProgress = (name: string): (() => void) | undefined => {
      const d = dataDigests.get(name);
      if (!d || !opts.onProgress) return undefined;
      const rowsOfSheet = Math.max(1, d.rows - (banner ? 3 : 2));
      const start = meter.done;
      let written = 0;
      return () => meter.advanceTo(start + Math.floor((++written * subjectsTotal) / rowsOfSheet));
    };
    const sources: SheetSource[] = [
      summarySheet(() => one.summary),
      ...layout.sheets.map((sh) => spoolOf.get(sh.name) ?? dataSheetSource(run, sh)),
      changesSheet(study, snap, prev ? prev.lastAuditId : null),
      queriesSheet(study, profile, snap, redactedQueries, opts.review),
      dictionarySheet(study, layout, dictionaryVersions(snap.db)),
    ];
    const digests = new Map<string, SheetDigest>();
    for (const src of sources) digests.set(src.name, dataDigests.get(src.name) ?? digestOf(src, banner));
    const sheetHashes = Object.fromEntries([...digests].map(([k, d]) => [k, d.hex()]));
    const rowCounts = Object.fromEntries([...digests].map(([k, d]) => [k, d.rows - (banner ? 3 : 2)]));
    const rows = layout.sheets.reduce((a, sh) => a + (rowCounts[sh.name] ?? 0), 0);

    // Pass 2: write, sheet by sheet, in the order of submission-workbook.md.
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: privateWriteStream(tmp),
      useStyles: true,
      useSharedStrings: false,
    });
    const cutoff = new Date(snap.cutoff);
    // Document properties carry the application, never a person's name.
    wb.creator = APP_LABEL;
    wb.lastModifiedBy = APP_LABEL;
    wb.created = cutoff;
    wb.modified = cutoff;
    const trust = coverSigning(session, snap.db, snap.lastAuditId);
    const cover: SheetSource = {
      name: 'Cover',
      columns: [
        { code: 'item', label: 'Item' },
        { code: 'value', label: 'Value' },
      ],
      rows: () =>
        coverRows({
          study: { id: study.def.id, title: study.def.title, version: study.def.version },
          site: session.site,
          period: run.period,
          cutoff: snap.cutoff,
          exportedAt: session.now().toISOString(),
          profile,
          ruleText: ruleTexts(study),
          appVersion: APP_LABEL,
          schemaVersion: schemaVersion(snap.db),
          subjects,
          protocolForms: Object.fromEntries(formsByProtocolVersion(snap.db).map((r) => [r.version, r.forms])),
          rows: rowCounts,
          sha256: sheetHashes,
          previous: prev,
          redactedText: one.redactedText,
          redactedQueries,
          trust,
        }),
    };
    const coverDigest = digestOf(cover, banner);
    await writeSheet(wb, cover, {
      banner,
      dataRows: coverDigest.rows - (banner ? 3 : 2),
      widths: [16, 70],
      freezeFirstColumn: false,
    });
    for (const src of sources) {
      const planned = digests.get(src.name)!;
      const isData = dataDigests.has(src.name);
      const sheetStart = meter.done;
      const written = await writeSheet(
        wb,
        src,
        { banner, dataRows: planned.rows - (banner ? 3 : 2), widths: planned.widths, freezeFirstColumn: isData },
        sheetProgress(src.name),
      );
      // The Cover already states this hash: a sheet that came out differently must not be sent.
      if (written.hex() !== planned.hex() || written.rows !== planned.rows)
        throw new Error(`export: sheet ${src.name} changed between the hash pass and the write pass`);
      spoolOf.get(src.name)?.remove();
      // A data sheet with no rows (no adverse events yet) still counts as done.
      if (isData) meter.advanceTo(sheetStart + subjectsTotal);
    }
    await wb.commit();
    const published = await recordThenPublish(session, run.tag, [{ partial: tmp, final: file }], ([sha256]) => ({
      profile,
      period: run.period,
      cutoff: snap.cutoff,
      subjects,
      rows,
      fileName,
      sha256: sha256!,
      sheetHashes,
      lastAuditId: snap.lastAuditId,
      review: opts.review?.record(),
    }));
    return {
      file,
      sha256: published.sha256[0]!,
      rows,
      subjects,
      sheetHashes,
      profile: profile.id,
      period: run.period,
      cutoff: snap.cutoff,
      exportId: published.exportId,
    };
  } finally {
    // The spools go whatever happened: nothing of pass 1 stays in the output folder.
    for (const sp of spools) sp.remove();
  }
}
