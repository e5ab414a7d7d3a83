/**
 * `sitecrf sponsor import`: one workbook into the pooled store, in one transaction. Refused
 * (nothing written) when it cannot be read, was edited after the site wrote it, is of another
 * study or of a protocol version the store has not learned, or keeps identifiers (identified,
 * limited) without --allow-profile. The same submission again (the same file, or a copy
 * re-saved with no value changed) changes nothing and says so. A later period becomes the
 * site's current submission (workbooks are cumulative) and what changed since the previous one
 * is kept, from the data, cross-checked against the Changes sheet.
 */
import { basename } from 'node:path';
import { CrfError } from '../../shared/errors';
import { isDeidentifiedProfile, PROFILES } from '../export/profiles';
import { sha256File } from '../export/record';
import { readSubmission, type ReadLimits, type ReadResult } from '../export/workbook-reader';
import { chainProblems, type ChainLink, type ChainProblem } from './chain';
import { checkAndRecordTrust, ensureTrustTables, type TrustProblem } from './heads';
import { diffSubmissions, type Row } from './history';
import { editedCellsText } from './edited';
import { requireVerified } from './learn';
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

async function check(store: Store, read: ReadResult, file: string, opts: ImportOptions): Promise<void> {
  const c = read.cover;
  const study = (await store.meta()).study;
  if (c.study !== study) throw refuse(file, 'study', `a ${c.study} workbook; this store pools ${study}`);
  const known = await store.all('SELECT version FROM protocol_versions ORDER BY version');
  if (!known.some((k) => k.version === c.protocolVersion))
    throw refuse(
      file,
      'protocol_version',
      `protocol version ${c.protocolVersion} is not known to this store (it knows ${known.map((k) => k.version).join(', ')}; learn it with sitecrf sponsor learn --from a verified workbook of that version)`,
    );
  if ((!isDeidentifiedProfile(PROFILES[c.profile]) || read.phiBanner) && !opts.allowProfile)
    throw refuse(file, 'profile', `the ${c.profile} profile keeps identifiers (import it only with --allow-profile)`);
}

function sheetMap(read: ReadResult): Map<string, Row[]> {
  return new Map(Object.entries(read.sheets).filter(([n]) => isDataSheet(n)));
}

async function storedRows(store: Store, submissionId: number): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>();
  const rows = await store.all('SELECT sheet, data FROM sheet_rows WHERE submission_id = $1 ORDER BY sheet, row_no', [
    submissionId,
  ]);
  for (const r of rows) {
    const sheet = String(r.sheet);
    if (!isDataSheet(sheet)) continue;
    let l = out.get(sheet);
    if (!l) out.set(sheet, (l = []));
    l.push(JSON.parse(String(r.data)) as Row);
  }
  return out;
}

async function appendRows(store: Store, id: number, site: string, read: ReadResult): Promise<void> {
  const app = await store.conn.createAppender('sheet_rows');
  try {
    for (const [sheet, rows] of Object.entries(read.sheets)) {
      let n = 0;
      for (const row of rows) {
        app.appendInteger(id);
        app.appendVarchar(site);
        app.appendVarchar(sheet);
        app.appendInteger(++n);
        const sid = row.subject_id;
        if (sid === null || sid === undefined) app.appendNull();
        else app.appendVarchar(String(sid));
        const inst = row.instance;
        if (typeof inst === 'number' && Number.isInteger(inst)) app.appendInteger(inst);
        else app.appendNull();
        app.appendVarchar(JSON.stringify(row));
        app.endRow();
      }
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}

export async function importWorkbook(store: Store, file: string, opts: ImportOptions = {}): Promise<ImportOutcome> {
  const now = opts.now ?? new Date();
  let read: ReadResult;
  try {
    read = await readSubmission(file, { limits: opts.limits });
  } catch (e) {
    if (e instanceof CrfError) throw e;
    throw refuse(file, 'readable', (e as Error).message.split('\n')[0]!);
  }
  try {
    requireVerified(read, file);
  } catch (e) {
    const where = await editedCellsText(store, read, file);
    throw refuse(file, 'hash', `${(e as Error).message.replace(/^.*?: tampered: /, 'tampered: ')}${where}`);
  }
  await check(store, read, file, opts);
  const c = read.cover;
  const fileSha = await sha256File(file);
  await ensureTrustTables(store);
  const dup = await store.all(
    'SELECT id, file_name, period, imported_at, file_sha256 = $1 AS same_file FROM submissions WHERE file_sha256 = $1 OR cover_sha256 = $2',
    [fileSha, read.coverSha256],
  );
  if (dup.length) {
    const d = dup[0]!;
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
        read.coverSha256,
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
    await appendRows(store, sid, c.site.code, read);
    let history: ImportOutcome['history'] = null;
    if (becomesCurrent && old) {
      await store.run('UPDATE submissions SET is_current = false WHERE id = $1', [Number(old.id)]);
      const h = diffSubmissions(
        await storedRows(store, Number(old.id)),
        sheetMap(read),
        (read.sheets.Changes ?? []) as Row[],
        (read.sheets.Dictionary ?? []) as Row[],
      );
      const app = await store.conn.createAppender('row_changes');
      try {
        for (const x of h.changes) {
          app.appendInteger(sid);
          app.appendInteger(Number(old.id));
          app.appendVarchar(c.site.code);
          app.appendVarchar(x.sheet);
          app.appendVarchar(x.subjectId);
          if (x.instance === null) app.appendNull();
          else app.appendInteger(x.instance);
          if (x.column === null) app.appendNull();
          else app.appendVarchar(x.column);
          app.appendVarchar(x.change);
          app.appendBoolean(x.inChangesSheet);
          app.endRow();
        }
        app.flushSync();
      } finally {
        app.closeSync();
      }
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
        coverSha256: read.coverSha256,
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
