/**
 * Files that may hold PHI (an identified or limited workbook, a worklist, their `.partial`) are
 * created for the owner only (0600) from their first byte: a umask of 022 would otherwise give
 * every local user a readable copy while it is being written. De-identified workbooks are made
 * the same way; their owner may share them.
 */
import { createWriteStream, existsSync, openSync, readdirSync, unlinkSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/** A new file (never an existing one: 'wx') with mode 0600, as a stream for exceljs's writer. */
export function privateWriteStream(path: string): WriteStream {
  const fd = openSync(path, 'wx', 0o600);
  return createWriteStream(path, { fd });
}

/** The writers' temporary files: `<file>.partial`, `.<file>.<tag>.partial` and `.<file>.<tag>.<sheet>.spool`. */
const LEFTOVER = /(\.partial|\.spool)$/;

/**
 * Removes what a crashed export or worklist left in its folder. Run when the host starts, before
 * any export can run there, so no live writer's file is touched. Returns the names removed.
 */
export function cleanExportLeftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!LEFTOVER.test(name)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // Another process's file, or gone already: nothing to clean.
    }
  }
  return removed;
}
