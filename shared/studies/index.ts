import { loadProtocol, type Study } from '../protocol/load';
import { SACRO } from './sacro';

/** The study a new site database runs when none is named (the one this build ships). */
export const DEFAULT_STUDY_ID = 'SACRO';

/** The studies this build ships; a site database records which one it runs. */
export const STUDIES: Record<string, () => Study> = {
  SACRO: () => loadProtocol(SACRO),
};

/** Each known study's definition as written (before defaults): what a new site database stores. */
const SOURCES: Record<string, unknown> = { SACRO };

const cache = new Map<string, Study>();

/** Adds a study definition at run time (a second protocol needs no code change, only its data). */
export function registerStudy(def: unknown): Study {
  const study = loadProtocol(def);
  STUDIES[study.def.id] = () => study;
  SOURCES[study.def.id] = def;
  cache.set(study.def.id, study);
  return study;
}
export function getStudy(id: string): Study {
  let s = cache.get(id);
  if (!s) {
    const make = STUDIES[id];
    if (!make) throw new Error(`unknown study ${id}`);
    s = make();
    cache.set(id, s);
  }
  return s;
}

/** The study file text of a known study (what `init` without `--study FILE` stores in the database). */
export function studySourceText(id: string): string {
  getStudy(id);
  return JSON.stringify(SOURCES[id], null, 2) + '\n';
}
