/**
 * The last two steps of every export: record the disclosure, then publish the file. A file the
 * accounting of disclosures does not know must never appear under its final name, and a
 * recorded export must not be lost to a crash. So a complete temporary file is first renamed
 * to `.<name>.<tag>.ready`, then the export is recorded (exports row and audit row, one
 * transaction), then `.ready` is renamed to its final name. After a crash, `reconcileExports`
 * publishes a `.ready` file the database recorded and removes one it did not.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../../db/connection';
import type { SiteSession } from '../../services/session';
import { recordHead } from '../../services/heads';
import { recordExport, sha256File, type ExportRecord } from '../record';

export interface PendingFile {
  /** the complete temporary file */
  partial: string;
  /** where it is published */
  final: string;
  /** its SHA-256, when the writer hashed the bytes as it wrote them (else the file is read again) */
  sha256?: string;
}

const READY = /^\.(.+)\.([0-9a-f]{8})\.ready$/;
const LEFTOVER = /\.(partial|spool)$/;

export function readyPath(final: string, tag: string): string {
  return join(dirname(final), `.${basename(final)}.${tag}.ready`);
}

export interface Published {
  exportId: number;
  /** SHA-256 of each published file, in the order given */
  sha256: string[];
}

/**
 * Records and publishes complete files. `record` receives the files' hashes and returns what
 * the accounting keeps (the first file's hash is the export's; the others go with it).
 */
export async function recordThenPublish(
  session: SiteSession,
  tag: string,
  files: PendingFile[],
  record: (sha256: string[]) => ExportRecord,
): Promise<Published> {
  const ready = files.map((f) => ({ ...f, ready: readyPath(f.final, tag) }));
  let recorded = false;
  try {
    for (const f of ready) renameSync(f.partial, f.ready);
    const sha256: string[] = [];
    for (const f of ready) sha256.push(f.sha256 ?? (await sha256File(f.ready)));
    const exportId = recordExport(session, record(sha256));
    recorded = true;
    // Recorded: from here a crash leaves `.ready` files that reconcileExports publishes.
    for (const f of ready) renameSync(f.ready, f.final);
    // The key file remembers this head: a database later found shorter or different warns at login.
    recordHead(session, 'export');
    return { exportId, sha256 };
  } catch (e) {
    // Not recorded: nothing may be published. Recorded: the `.ready` files stay for reconcileExports.
    if (!recorded) for (const f of ready) rmSync(f.ready, { force: true });
    throw e;
  }
}

/** The exports rows that name a file (an ODM export names its two files in one row). */
function recordsNaming(db: Db, name: string): { sha256: string; sheet_hashes: string }[] {
  return db
    .prepare(`SELECT sha256, sheet_hashes FROM exports WHERE file_name = ? OR instr(file_name, ?) > 0`)
    .all(name, name) as { sha256: string; sheet_hashes: string }[];
}

export interface Reconciled {
  published: string[];
  removed: string[];
}

/**
 * Finishes what a crash interrupted in an export folder: a `.ready` file whose hash an export
 * recorded under its name is published (unless a file of that name is already there); any other
 * `.ready` file is removed, and so are this site's `.partial` and `.spool` files. Run under the
 * export lock, before an export writes in the folder.
 */
export async function reconcileExports(db: Db, dir: string, ownPrefix: string): Promise<Reconciled> {
  const out: Reconciled = { published: [], removed: [] };
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    // This site's unfinished temporary files (a crash mid-write): never recorded, never published.
    // Only one export runs per database (the lock), so none of them belongs to a live writer.
    if (entry.startsWith(`.${ownPrefix}`) && LEFTOVER.test(entry)) {
      rmSync(join(dir, entry), { force: true });
      out.removed.push(entry);
      continue;
    }
    const m = READY.exec(entry);
    if (!m) continue;
    const name = m[1]!;
    const path = join(dir, entry);
    const sha = await sha256File(path);
    const recorded = recordsNaming(db, name).some(
      (r) => r.sha256 === sha || Object.values(JSON.parse(r.sheet_hashes) as Record<string, string>).includes(sha),
    );
    const target = join(dir, name);
    if (recorded && !existsSync(target)) {
      renameSync(path, target);
      out.published.push(name);
    } else {
      rmSync(path, { force: true });
      out.removed.push(name);
    }
  }
  return out;
}
