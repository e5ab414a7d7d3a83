/**
 * The study a store pools, as a definition the report and the analyst export can run.
 *
 * A shipped study (SACRO) is known to every SiteCRF. Any other study is the sponsor's own file:
 * the sponsor wrote it and sent it to the sites, so it gives it once to the store. It is taken
 * only when its SHA-256 is the one the sites' verified workbook names for that version in its
 * Dictionary, so the tables are computed with exactly the definition the sites ran.
 */
import { readFileSync } from 'node:fs';
import { CrfError } from '../../shared/errors';
import { loadProtocol, type Study } from '../../shared/protocol/load';
import { STUDIES, getStudy } from '../../shared/studies';
import type { ReadResult } from '../export/workbook-reader';
import { sha256Hex as sha256 } from '../services/study-store';
import type { Store } from './store';

const DEFINITION = 'study_definition';
const byHash = new Map<string, Study>();

function parse(text: string, where: string): Study {
  const hit = byHash.get(sha256(text));
  if (hit) return hit;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CrfError({
      code: 'VALIDATION',
      field: 'study',
      rule: 'json',
      message: `${where}: not JSON (${(e as Error).message})`,
    });
  }
  try {
    const study = loadProtocol(json);
    byHash.set(sha256(text), study);
    return study;
  } catch (e) {
    throw new CrfError({
      code: 'VALIDATION',
      field: 'study',
      rule: 'definition',
      message: `${where}: ${(e as Error).message}`,
    });
  }
}

/** The SHA-256 a verified workbook's Dictionary names for a protocol version, if it names one. */
function namedSha(read: ReadResult, version: string): string | null {
  for (const row of read.sheets.Dictionary ?? []) {
    if (row.field !== `protocol_version:${version}`) continue;
    const m = /^SHA-256 ([0-9a-f]{64})$/.exec(String(row.codes ?? ''));
    if (m) return m[1]!;
  }
  return null;
}

/**
 * Keeps the sponsor's study file with the store after checking it against the workbook:
 * same study, a version the workbook's site ran, and the very text the site stored (SHA-256).
 */
export async function attachStudyFile(store: Store, file: string, read: ReadResult): Promise<Study> {
  const text = readFileSync(file, 'utf8');
  const study = parse(text, file);
  const meta = await store.meta();
  if (study.def.id !== meta.study)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'study',
      rule: 'same',
      message: `${file} defines study ${study.def.id}; this store pools ${meta.study}`,
    });
  const named = namedSha(read, study.def.version);
  if (!named)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'study',
      rule: 'version',
      message: `${file} is version ${study.def.version} of ${study.def.id}, which the workbook's Dictionary does not list`,
    });
  if (named !== sha256(text))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'study',
      rule: 'sha256',
      message: `${file} is not the definition the site ran for version ${study.def.version}: its SHA-256 is ${sha256(text)}, the workbook names ${named}`,
    });
  const current = meta[DEFINITION] ? parse(meta[DEFINITION], 'the store') : null;
  // A store keeps the newest definition it was given: amendments only add, so it reads older rows too.
  if (!current || current.def.version.localeCompare(study.def.version, undefined, { numeric: true }) <= 0)
    await store.setMeta(DEFINITION, text);
  return study;
}

/** The definition the store's tables are computed with. */
export async function studyOfStore(store: Store): Promise<Study> {
  const meta = await store.meta();
  if (meta[DEFINITION]) return parse(meta[DEFINITION], 'the store');
  const id = meta.study ?? '';
  if (Object.hasOwn(STUDIES, id)) return getStudy(id);
  throw new CrfError({
    code: 'VALIDATION',
    field: 'study',
    rule: 'definition',
    message: `this store pools ${id}, a study SiteCRF does not ship: give its study file once with \`sitecrf sponsor learn --store … --from WORKBOOK --study FILE\``,
  });
}
