/**
 * SQLite and file-system failures a person can act on, named plainly. Without this they reach
 * the screens as "Internal error" and the CLI as a stack trace, and a lock or a read-only folder
 * reads as a damaged file.
 */
import { statSync } from 'node:fs';
import { CrfError } from '../../shared/errors';

export const BUSY_MESSAGE =
  'The database is busy (another SiteCRF window or the sitecrf command is writing): nothing was saved and your entry is kept; try again in a moment';

export const DISK_FULL_MESSAGE =
  'The disk is full: nothing was saved and your entry is kept; free some space on the disk (tell whoever runs this computer), then save again';

const codeOf = (e: unknown): string =>
  e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : '';

/** The CrfError for a known SQLite or file-system fault, or null for anything else. */
export function sqliteFault(e: unknown, path?: string): CrfError | null {
  const code = codeOf(e);
  const where = path ?? 'The database';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new CrfError({ code: 'BUSY', rule: 'busy', message: BUSY_MESSAGE });
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return new CrfError({ code: 'DISK_FULL', rule: 'diskFull', message: DISK_FULL_MESSAGE });
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS')
    return new CrfError({
      code: 'READ_ONLY',
      rule: 'readOnly',
      message: `${where} cannot be written: the file or its folder is read-only (SiteCRF needs to write the file and its -wal and -shm beside it); move it to a folder you may write to, or ask for write permission`,
    });
  return null;
}

/**
 * A path given as a file that cannot be one: a directory, or an empty file (which SQLite would
 * happily turn into a new database by writing its schema into it).
 */
export function refuseNonFile(path: string, what: string): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    return;
  }
  if (st.isDirectory())
    throw new CrfError({
      code: 'NOT_A_DATABASE',
      rule: 'directory',
      message: `${path} is a folder, not ${what}: give the file itself`,
    });
  if (st.size === 0)
    throw new CrfError({
      code: 'NOT_A_DATABASE',
      rule: 'empty',
      message: `${path} is empty (0 bytes), not ${what}: nothing was written to it`,
    });
}
