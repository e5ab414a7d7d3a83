/**
 * What the store knows about its study: it learns a protocol version from the Dictionary sheet
 * of a verified workbook of that version (`sponsor init --from`, `sponsor learn --from`). The
 * Dictionary is what the site sent and is hashed on the Cover, so the store needs no study file
 * and no study's field names in code.
 */
import { CrfError } from '../../shared/errors';
import type { Cell } from '../export/layout';
import type { ReadResult } from '../export/workbook-reader';
import type { Store } from './store';

const DICT_COLUMNS = [
  'form',
  'field',
  'label',
  'type',
  'unit',
  'codes',
  'range',
  'required',
  'show_if',
  'phi',
  'export_rule',
  'export_columns',
] as const;

const text = (c: Cell | undefined): string | null => (c === null || c === undefined ? null : String(c));

export function requireVerified(read: ReadResult, file: string): void {
  if (!read.hashCheck.ok)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'file',
      rule: 'hash',
      message: `${file}: tampered: ${read.hashCheck.mismatches.map((m) => m.sheet).join(', ')} differ from the Cover's hashes`,
    });
}

/** Adds the workbook's protocol version and Dictionary; false when the store knew it already. */
export async function learnVersion(store: Store, read: ReadResult, file: string, now: Date): Promise<boolean> {
  requireVerified(read, file);
  const meta = await store.meta();
  if (meta.study !== read.cover.study)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'study',
      rule: 'same',
      message: `${file} is a ${read.cover.study} workbook; this store pools ${meta.study}`,
    });
  const v = read.cover.protocolVersion;
  const known = await store.all('SELECT version FROM protocol_versions WHERE version = $1', [v]);
  if (known.length) return false;
  const dict = read.sheets.Dictionary;
  const sha = read.cover.sha256.Dictionary;
  if (!dict || !sha)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'Dictionary',
      rule: 'required',
      message: `${file} has no Dictionary sheet`,
    });
  await store.tx(async () => {
    await store.run('INSERT INTO protocol_versions VALUES ($1, $2, $3, $4::TIMESTAMP)', [
      v,
      file,
      sha,
      now.toISOString(),
    ]);
    let i = 0;
    for (const row of dict) {
      const vals = DICT_COLUMNS.map((c) => text(row[c]));
      if (!vals[0] || !vals[1]) continue;
      await store.run(
        'INSERT OR REPLACE INTO dictionary VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)',
        [v, ++i, ...vals],
      );
    }
  });
  return true;
}
