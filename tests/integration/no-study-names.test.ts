/**
 * All study knowledge lives in the definition (issue 12): no code outside shared/studies/ and
 * the tests may name a form, event, field, derived value or code of a shipped study. Names are
 * looked for as string literals in code (comments are not code); the few generic words that a
 * shipped study happens to use as well are listed with the reason they are not study knowledge.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINI } from '../fixtures/protocols/mini';
import { loadProtocol, type Study } from '../../shared/protocol/load';
import { STUDIES } from '../../shared/studies/index';

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['main', 'renderer/src', 'shared', 'bin', 'build'];

/**
 * Words a shipped study uses that are also plain vocabulary of the app: every workbook's subject
 * column, the PHI scanner's finding kinds and context words, identifier roles, the archive format.
 */
const GENERIC_WORDS = new Set(['subject_id', 'mrn', 'phone', 'PHONE', 'zip', 'contact']);
/** `file: names` for words that are generic only in that file. */
const GENERIC: Record<string, string[]> = {
  // US state and territory codes (AE: armed forces Europe; CT: Connecticut).
  'main/export/phi/geo.ts': ['AE', 'CT'],
  // A synthetic person's sex as charts abbreviate it (notes write "78 yo F"); a study's own sex
  // codes come from its demo section (demo.sexField).
  'main/demo/names.ts': ['F', 'M'],
};

function namesOf(study: Study): Set<string> {
  const d = study.def;
  const out = new Set<string>();
  for (const f of d.forms) {
    out.add(f.id);
    for (const x of f.fields) {
      out.add(x.id);
      for (const c of x.codes ?? []) out.add(c.code);
    }
  }
  for (const e of d.events) out.add(e.id);
  for (const x of d.derived) out.add(x.id);
  // Yes/no codes belong to the language, not to a study.
  out.delete('Y');
  out.delete('N');
  return out;
}

function* sources(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of entries) {
    const p = join(dir, n);
    if (n === 'node_modules' || n === 'dist') continue;
    if (statSync(p).isDirectory()) yield* sources(p);
    // Declarations (.d.ts) type other people's APIs; they hold no study knowledge.
    else if (/\.(ts|tsx|js|cjs|mjs)$/.test(n) && !/\.(test\.tsx?|d\.ts)$/.test(n)) yield p;
  }
}

/** Code without its comments (a URL's // inside a string survives: it follows a colon). */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

export function studyNamesInCode(names: Set<string>): string[] {
  const found: string[] = [];
  for (const top of SCANNED)
    for (const file of sources(join(ROOT, top))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (rel.startsWith('shared/studies/')) continue;
      const text = code(readFileSync(file, 'utf8'));
      const literals = new Set([...text.matchAll(/(['"`])([A-Za-z0-9_]+)\1/g)].map((m) => m[2]!));
      for (const n of literals)
        if (names.has(n) && !GENERIC_WORDS.has(n) && !(GENERIC[rel] ?? []).includes(n)) found.push(`${rel}: '${n}'`);
    }
  return found.sort();
}

describe('no study knowledge in code', () => {
  it('no code outside shared/studies/ names a form, event, field or code of a shipped study', () => {
    const names = new Set<string>();
    for (const make of Object.values(STUDIES)) for (const n of namesOf(make())) names.add(n);
    expect(studyNamesInCode(names)).toEqual([]);
  });

  it('the scan finds a study name where one is written (so it can fail)', () => {
    // MINI is not shipped; its names are not in the code either, but a generic one would be.
    const names = namesOf(loadProtocol(MINI));
    names.add('eventWindow'); // a check rule, written as a literal in the engine
    expect(studyNamesInCode(names).some((x) => x.startsWith('shared/protocol/') && x.endsWith("'eventWindow'"))).toBe(
      true,
    );
  });
});
