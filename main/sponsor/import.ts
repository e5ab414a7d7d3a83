/**
 * `sitecrf sponsor import`: one workbook into the pooled store, in one transaction. Refused
 * (nothing written) when it cannot be read, was edited after the site wrote it, is of another
 * study or of a protocol version the store has not learned, or keeps identifiers (identified,
 * limited) without --allow-profile. The same submission again (the same file, or a copy
 * re-saved with no value changed) changes nothing and says so. A later period becomes the
 * site's current submission (workbooks are cumulative) and what changed since the previous one
 * is kept, from the data, cross-checked against the Changes sheet.
 *
 * At scale the rows are never held: the Cover is read and checked first, then every other sheet
 * streams from the reader straight into DuckDB's appender inside the import's transaction while
 * its hash is computed; a sheet whose hash differs from the Cover's (or a PHI banner) rolls the
 * transaction back, so a refused file still changes nothing.
 */
import { basename } from 'node:path';
import { CrfError } from '../../shared/errors';
import type { Cover } from '../export/cover';
import { isDeidentifiedProfile, PROFILES } from '../export/profiles';
import { sha256File } from '../export/record';
import {
  openSubmission,
  type HashCheck,
  type OpenedSubmission,
  type ReadLimits,
  type SheetRow,
  type SheetsRead,
} from '../export/workbook-reader';
import { appendChanges, sheetRowSink } from './append';
import type { Row } from './history';
import { chainProblems, type ChainLink, type ChainProblem } from './chain';
import { diffStored } from './diff-store';
import { checkAndRecordTrust, ensureTrustTables, type TrustProblem } from './heads';
import { editedCellsText } from './edited';
import { takeAnswers } from './queries';
import { STRUCTURAL_SHEETS } from './schema';
import type { Store } from './store';
import { plural } from '../../shared/plural';

export interface ImportOptions {
  allowProfile?: boolean;
  now?: Date;
  limits?: Partial<ReadLimits>;
}

export interface ImportOutcome {
  file: string;
  status: 'imported' | 'duplicate';
  submissionId: number;
  site: string;
  period: string;
  current: boolean;
  subjects: number;
  /** The site's chain problems that involve this submission. */
  chain: ChainProblem[];
  /** The audit-chain head and signature problems of this submission (heads.ts). */
  trust: TrustProblem[];
  history: { changes: number; notInChangesSheet: number; changesWithoutDataChange: number } | null;
  message: string;
}

const refuse = (file: string, rule: string, message: string): CrfError =>
  new CrfError({ code: 'VALIDATION', field: 'file', rule, message: `${basename(file)}: refused: ${message}` });

export const isDataSheet = (name: string): boolean => !(STRUCTURAL_SHEETS as readonly string[]).includes(name);

async function siteLinks(store: Store, site: string): Promise<ChainLink[]> {
  const rows = await store.all(
    'SELECT id, period, file_sha256, cover_sha256, previous_period, previous_sha256 FROM submissions WHERE site = $1',
    [site],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    period: String(r.period),
    fileSha256: String(r.file_sha256),
    coverSha256: String(r.cover_sha256),
    previousPeriod: r.previous_period === null ? null : String(r.previous_period),
    previousSha256: r.previous_sha256 === null ? null : String(r.previous_sha256),
  }));
}

/** The refusals the Cover alone decides (another study, an unknown version, a profile with identifiers). */
async function coverRefusal(store: Store, c: Cover, file: string, opts: ImportOptions): Promise<CrfError | null> {
  const study = (await store.meta()).study;
  if (c.study !== study) return refuse(file, 'study', `a ${c.study} workbook; this store pools ${study}`);
  const known = await store.all('SELECT version FROM protocol_versions ORDER BY version');
  if (!known.some((k) => k.version === c.protocolVersion))
    return refuse(
      file,
      'protocol_version',
      `protocol version ${c.protocolVersion} is not known to this store (it knows ${known.map((k) => k.version).join(', ')}; learn it with sitecrf sponsor learn --from a verified workbook of that version)`,
    );
  if (!isDeidentifiedProfile(PROFILES[c.profile]) && !opts.allowProfile) return profileRefusal(file, c);
  return null;
}

const profileRefusal = (file: string, c: Cover): CrfError =>
  refuse(file, 'profile', `the ${c.profile} profile keeps identifiers (import it only with --allow-profile)`);

/**
 * A tampered file's refusal, naming what the store can locate: the sheets that differ (and the
 * Changes and Dictionary sheets the naming reads) are read a second time and held, which only a
 * refused file costs.
 */
async function tamperRefusal(
  store: Store,
  sub: OpenedSubmission,
  hashCheck: HashCheck,
  file: string,
  limits: Partial<ReadLimits> | undefined,
): Promise<CrfError> {
  const names = hashCheck.mismatches.map((m) => m.sheet);
  const wanted = new Set([...names, 'Changes', 'Dictionary']);
  const again = await openSubmission(file, limits);
  let sheets: Record<string, SheetRow[]>;
  try {
    sheets = (await again.readSheets({ only: (s) => wanted.has(s), keep: () => true })).sheets;
  } finally {
    again.close();
  }
  const where = await editedCellsText(
    store,
    { cover: sub.cover, coverSha256: sub.coverSha256, hashCheck, sheets },
    file,
  );
  return refuse(file, 'hash', `tampered: ${names.join(', ')} differ from the Cover's hashes${where}`);
}

/** The sheets' hashes only (nothing kept): for the paths that must know the file is genuine before they answer. */
async function verifyOnly(sub: OpenedSubmission): Promise<{ hashCheck: HashCheck; phiBanner: boolean }> {
  return sub.readSheets({});
}

/** Thrown inside the transaction to roll it back; turned into the refusal after. */
class Refused extends Error {
  constructor(readonly refusal: () => Promise<CrfError>) {
    super('refused');
  }
}

const structural = new Set<string>(STRUCTURAL_SHEETS);

export async function importWorkbook(store: Store, file: string, opts: ImportOptions = {}): Promise<ImportOutcome> {
  let sub: OpenedSubmission;
  try {
    sub = await openSubmission(file, opts.limits);
  } catch (e) {
    throw unreadable(file, e);
  }
  try {
    return await importOpened(store, sub, file, opts);
  } catch (e) {
    if (e instanceof Refused) throw await e.refusal();
    throw e;
  } finally {
    sub.close();
  }
}

function unreadable(file: string, e: unknown): CrfError {
  if (e instanceof CrfError) return e;
  return refuse(file, 'readable', (e as Error).message.split('\n')[0]!);
}

async function importOpened(
  store: Store,
  sub: OpenedSubmission,
  file: string,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  const now = opts.now ?? new Date();
  const c = sub.cover;
  const early = await coverRefusal(store, c, file, opts);
  if (early) {
    // A tampered file is refused as tampered, whatever else is wrong with it.
    const v = await verifyOnly(sub).catch((e: unknown) => Promise.reject(unreadable(file, e)));
    throw v.hashCheck.ok ? early : new Refused(() => tamperRefusal(store, sub, v.hashCheck, file, opts.limits));
  }
  const fileSha = await sha256File(file);
  await ensureTrustTables(store);
  const dup = await store.all(
    'SELECT id, file_name, period, imported_at, file_sha256 = $1 AS same_file FROM submissions WHERE file_sha256 = $1 OR cover_sha256 = $2',
    [fileSha, sub.coverSha256],
  );
  if (dup.length) {
    const d = dup[0]!;
    // The same bytes verified when they were imported; a copy with the same Cover must verify now.
    if (!d.same_file) {
      const v = await verifyOnly(sub).catch((e: unknown) => Promise.reject(unreadable(file, e)));
      if (!v.hashCheck.ok) throw new Refused(() => tamperRefusal(store, sub, v.hashCheck, file, opts.limits));
      if (v.phiBanner && !opts.allowProfile) throw profileRefusal(file, c);
    }
    const chain = chainProblems(c.site.code, await siteLinks(store, c.site.code)).filter(
      (p) => p.submissionId === Number(d.id),
    );
    return {
      file,
      status: 'duplicate',
      submissionId: Number(d.id),
      site: c.site.code,
      period: c.period,
      current: false,
      subjects: c.subjects,
      chain,
      trust: JSON.parse(
        String(
          (await store.all('SELECT problems FROM submission_trust WHERE submission_id = $1', [Number(d.id)]))[0]
            ?.problems ?? '[]',
        ),
      ) as TrustProblem[],
      history: null,
      message: `${basename(file)}: already imported as submission #${Number(d.id)} (${c.site.code} ${c.period}${d.same_file ? '' : ', a re-saved copy of it'}): nothing changed`,
    };
  }
  return store.tx(async () => {
    const links = await siteLinks(store, c.site.code);
    const prevLink = c.previous?.sha256 ? links.find((l) => l.fileSha256 === c.previous!.sha256) : undefined;
    const [{ id }] = (await store.all("SELECT nextval('submission_ids') AS id")) as [{ id: number }];
    const sid = Number(id);
    const current = await store.all('SELECT id, period FROM submissions WHERE site = $1 AND is_current', [c.site.code]);
    const old = current[0];
    const becomesCurrent = !old || String(old.period) < c.period;
    await store.run(
      `INSERT INTO submissions (id, site, site_name, period, protocol_version, profile, cutoff, exported_at, app_version,
         schema_version, subjects, file_name, file_sha256, cover_sha256, previous_period, previous_file, previous_sha256,
         previous_id, is_current, imported_at, cover)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20::TIMESTAMP, $21)`,
      [
        sid,
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
        basename(file),
        fileSha,
        sub.coverSha256,
        c.previous?.period ?? null,
        c.previous?.fileName ?? null,
        c.previous?.sha256 ?? null,
        prevLink?.id ?? null,
        becomesCurrent,
        now.toISOString(),
        JSON.stringify(c),
      ],
    );
    const periodOf = new Map(links.map((l) => [l.id, l.period]));
    const trust = await checkAndRecordTrust(
      store,
      { id: sid, fileSha256: fileSha, cover: c },
      (id) => `#${id} (${periodOf.get(id) ?? '?'})`,
    );
    for (const [sheet, sha] of Object.entries(c.sha256))
      await store.run('INSERT INTO submission_sheets VALUES ($1, $2, $3, $4)', [sid, sheet, sha, c.rows[sheet] ?? 0]);
    const sink = await sheetRowSink(store, sid, c.site.code);
    let read: SheetsRead;
    try {
      // The structural sheets are small and the history and queries need them: those are held.
      read = await sub.readSheets({ onRow: (sheet, row) => sink.row(sheet, row), keep: (s) => structural.has(s) });
    } catch (e) {
      throw new Refused(() => Promise.resolve(unreadable(file, e)));
    } finally {
      sink.close();
    }
    if (!read.hashCheck.ok) {
      const hashCheck = read.hashCheck;
      throw new Refused(() => tamperRefusal(store, sub, hashCheck, file, opts.limits));
    }
    if (read.phiBanner && !opts.allowProfile) throw profileRefusal(file, c);
    let history: ImportOutcome['history'] = null;
    if (becomesCurrent && old) {
      await store.run('UPDATE submissions SET is_current = false WHERE id = $1', [Number(old.id)]);
      const h = await diffStored(
        store,
        Number(old.id),
        sid,
        (read.sheets.Changes ?? []) as Row[],
        (read.sheets.Dictionary ?? []) as Row[],
      );
      await appendChanges(store, sid, Number(old.id), c.site.code, h.changes);
      history = {
        changes: h.changes.length,
        notInChangesSheet: h.notInChangesSheet,
        changesWithoutDataChange: h.changesWithoutDataChange,
      };
    }
    const answers = becomesCurrent
      ? await takeAnswers(store, c.site.code, sid, c.cutoff, (read.sheets.Queries ?? []) as Row[])
      : 0;
    const chain = chainProblems(c.site.code, [
      ...links,
      {
        id: sid,
        period: c.period,
        fileSha256: fileSha,
        coverSha256: sub.coverSha256,
        previousPeriod: c.previous?.period ?? null,
        previousSha256: c.previous?.sha256 ?? null,
      },
    ]).filter((p) => p.submissionId === sid);
    const parts = [
      `${basename(file)}: imported as submission #${sid} (${c.site.code} ${c.period}, ${plural(c.subjects, 'subject')})`,
      becomesCurrent
        ? 'now the current submission of the site'
        : `kept as history (the site's current is ${String(old!.period)})`,
    ];
    if (history)
      parts.push(
        `${plural(history.changes, 'change')} since ${String(old!.period)}${history.notInChangesSheet ? `, ${history.notInChangesSheet} not listed in the Changes sheet` : ''}${history.changesWithoutDataChange ? `, ${history.changesWithoutDataChange} Changes rows without a change in the data` : ''}`,
      );
    if (answers) parts.push(`${answers} sponsor queries changed status at the site`);
    for (const p of chain) parts.push(`${p.kind.toUpperCase()}: ${p.message}`);
    for (const p of trust) parts.push(`${p.kind.toUpperCase()}: ${p.message}`);
    return {
      file,
      status: 'imported' as const,
      submissionId: sid,
      site: c.site.code,
      period: c.period,
      current: becomesCurrent,
      subjects: c.subjects,
      chain,
      trust,
      history,
      message: parts.join('; '),
    };
  });
}
