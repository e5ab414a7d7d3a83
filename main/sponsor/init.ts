/** `sitecrf sponsor init` and `learn`: a store for the study of a verified workbook, and later versions of it. */
import { rmSync } from 'node:fs';
import { readSubmission } from '../export/workbook-reader';
import { learnVersion, requireVerified } from './learn';
import { Store } from './store';
import { attachStudyFile } from './study-file';

export interface LearnOptions {
  now?: Date;
  /** The sponsor's study file, for a study SiteCRF does not ship (checked against the workbook). */
  studyFile?: string;
}

export async function initStore(path: string, workbook: string, opts: LearnOptions = {}): Promise<Store> {
  const read = await readSubmission(workbook);
  requireVerified(read, workbook);
  const store = await Store.open(path, { create: true });
  try {
    await store.setMeta('study', read.cover.study);
    await store.setMeta('study_title', read.cover.studyTitle);
    await learnVersion(store, read, workbook, opts.now ?? new Date());
    if (opts.studyFile) await attachStudyFile(store, opts.studyFile, read);
    return store;
  } catch (e) {
    // A half-made store would pass for one: nothing stays behind.
    store.close();
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
    throw e;
  }
}

export async function learnFrom(
  store: Store,
  workbook: string,
  opts: LearnOptions = {},
): Promise<{ version: string; added: boolean }> {
  const read = await readSubmission(workbook);
  const added = await learnVersion(store, read, workbook, opts.now ?? new Date());
  if (opts.studyFile) await attachStudyFile(store, opts.studyFile, read);
  return { version: read.cover.protocolVersion, added };
}
