/**
 * Identifier values at rest: the direct, birth date and geo PHI classes and the raw text of
 * free-text fields are stored AES-256-GCM-encrypted under the identified-access key, which only
 * the grants of roles with identified access hold. A monitor's key opens the file but not these.
 * A free text is stored with the PHI scanner's redacted copy beside it (made when the text is
 * saved), which is what roles without identified access read.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Casebook, FormValues } from '../../shared/protocol/casebook';
import type { Study } from '../../shared/protocol/load';
import type { FieldValue, PhiClass } from '../../shared/protocol/schema';

export const SEALED_CLASSES: ReadonlySet<PhiClass> = new Set(['direct', 'birthdate', 'geo', 'freetext']);
const AAD = Buffer.from('sitecrf-identifier-v1');

/**
 * Makes the redacted copies of free text. The PHI scanner lives in the export layer above this
 * one, which registers it (main/export/free-text-redactor.ts, imported by every entry point);
 * without it the copy withholds the whole text.
 *
 * `prepare` is called once per save with the casebook after it: `context` names everything of
 * the casebook the copies depend on (the subject's own identifiers), so a copy made under the
 * same context and for the same text can be kept instead of scanning the text again.
 */
export interface FreeTextRedactor {
  prepare(study: Study, casebook: Casebook): { context: string; redact(text: string): string };
}
let redactor: FreeTextRedactor | null = null;
export function setFreeTextRedactor(r: FreeTextRedactor): void {
  redactor = r;
}
export const TEXT_WITHHELD = '[free text withheld]';

/** A stored identifier: the ciphertext, and for free text the redacted copy. */
export interface SealedValue {
  $enc: string;
  $red?: string;
  /**
   * For a free text: a keyed digest of the context its redacted copy was made under (the
   * subject's identifiers). Keyed, because a plain hash of a name and record number could be
   * guessed by anyone who opens the file.
   */
  $ctx?: string;
}

export function isSealed(v: unknown): v is SealedValue {
  return typeof v === 'object' && v !== null && typeof (v as { $enc?: unknown }).$enc === 'string';
}

/**
 * The identified-access keys a session holds: the current one seals, every earlier one still
 * opens (audit rows are never rewritten, so values sealed before a rotation stay under the key
 * of their day). Each sealed value names its key by a short id.
 */
export interface IdKeyring {
  current: Buffer;
  all: Buffer[];
}

export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

export function keyringOf(current: Buffer, older: Buffer[] = []): IdKeyring {
  return { current, all: [current, ...older] };
}

export function sealText(ring: IdKeyring, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', ring.current, iv);
  c.setAAD(AAD);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1.${keyId(ring.current)}.${Buffer.concat([iv, ct, c.getAuthTag()]).toString('base64')}`;
}

export function openText(ring: IdKeyring, token: string): string {
  const kid = token.slice(3, 11);
  const key = ring.all.find((k) => keyId(k) === kid);
  if (!key) throw new Error(`no identified-access key ${kid}`);
  const raw = Buffer.from(token.slice(12), 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAAD(AAD);
  d.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
}

/** The fields of a form whose values are sealed, by id, with their class. */
export function sealedFields(study: Study, formId: string): Map<string, PhiClass> {
  if (!study.hasForm(formId)) return new Map();
  return new Map(
    study
      .form(formId)
      .fields.filter((f) => SEALED_CLASSES.has(f.phi))
      .map((f) => [f.id, f.phi]),
  );
}

/** Missing-data codes and empty values say nothing about the person: they stay readable. */
const sealable = (v: unknown): v is string | number => (typeof v === 'string' && v !== '') || typeof v === 'number';

/**
 * The values as stored: identifier fields sealed. `casebook` (after the save) gives the
 * subject's own identifiers to the scanner, so "call Zebulon at 718/555/0142" is redacted too.
 *
 * `before` is the form as stored and as opened before this save. A value the save leaves as it
 * was keeps its sealed form (same key, same plain text: nothing to re-encrypt), and a free text
 * keeps its redacted copy while the subject's identifiers are those it was made with. Scanning
 * every free text on every save was most of a save's cost; a changed text, a changed identifier
 * or a rotated key still makes a new copy.
 */
export function sealValues(
  study: Study,
  key: IdKeyring,
  formId: string,
  values: FormValues,
  casebook: Casebook,
  before?: { stored: Record<string, unknown>; values: FormValues },
): unknown {
  const fields = sealedFields(study, formId);
  if (!fields.size) return values;
  const out: Record<string, unknown> = { ...values };
  const current = keyId(key.current);
  let prepared: { context: string; redact(text: string): string } | null | undefined;
  let ctx: string | undefined;
  for (const [id, phi] of fields) {
    const v = values[id];
    if (!sealable(v)) continue;
    const old = before?.stored[id];
    const same = isSealed(old) && before!.values[id] === v;
    const $enc = same && old.$enc.slice(3, 11) === current ? old.$enc : sealText(key, JSON.stringify(v));
    if (phi !== 'freetext' || typeof v !== 'string') {
      out[id] = { $enc } satisfies SealedValue;
      continue;
    }
    if (prepared === undefined) {
      prepared = redactor ? redactor.prepare(study, casebook) : null;
      ctx = prepared ? contextDigest(key, prepared.context) : undefined;
    }
    if (!prepared) out[id] = { $enc, $red: TEXT_WITHHELD } satisfies SealedValue;
    else if (same && old.$red !== undefined && old.$ctx === ctx) out[id] = { $enc, $red: old.$red, $ctx: ctx };
    else out[id] = { $enc, $red: prepared.redact(v), $ctx: ctx } satisfies SealedValue;
  }
  return out;
}

function contextDigest(key: IdKeyring, context: string): string {
  return createHmac('sha256', key.current)
    .update('sitecrf-redaction-context-v1\0')
    .update(context)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The values as a session may read them: with the key, the originals; without it, free text as
 * its redacted copy and the other identifiers left out.
 */
export function openValues(key: IdKeyring | null, stored: Record<string, unknown>): FormValues {
  let out: Record<string, unknown> | null = null;
  for (const [id, v] of Object.entries(stored)) {
    if (!isSealed(v)) continue;
    out ??= { ...stored };
    if (key) out[id] = JSON.parse(openText(key, v.$enc)) as FieldValue;
    else if (v.$red !== undefined) out[id] = v.$red;
    else delete out[id];
  }
  return (out ?? stored) as FormValues;
}

/**
 * An audit value (JSON text) as the session may read it: a sealed one opened with the key,
 * without it the redacted copy of a free text, or `withheld` for any other identifier.
 */
export function readAuditJson(key: IdKeyring | null, json: string | null): string | null | { withheld: true } {
  if (json === null || !json.startsWith('{"$enc"')) return json;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return json;
  }
  if (!isSealed(v)) return json;
  if (key) return openText(key, v.$enc);
  return v.$red !== undefined ? JSON.stringify(v.$red) : { withheld: true };
}

/** Blind look-up tokens: every prefix (2+ characters) of each folded value, keyed, so search works without the clear text. */
export function lookupTokens(key: IdKeyring, folded: string[]): string {
  const tokens = new Set<string>();
  for (const f of folded) for (let n = 2; n <= f.length; n++) tokens.add(lookupToken(key, f.slice(0, n)));
  return tokens.size ? `|${[...tokens].join('|')}|` : '';
}

export function lookupToken(key: IdKeyring, folded: string): string {
  return createHmac('sha256', key.current).update(folded).digest('base64url').slice(0, 16);
}

const opened = new WeakMap<IdKeyring, Map<string, string>>();
const CACHE_MAX = 50_000;

/**
 * A sealed subjects-table column (name, record number), opened once per session key: the
 * subjects table of 10,000 rows is drawn again without decrypting them again.
 */
export function openColumn(key: IdKeyring, token: string | null): string | null {
  if (token === null || !token.startsWith('v1.')) return token;
  let m = opened.get(key);
  if (!m) opened.set(key, (m = new Map()));
  let v = m.get(token);
  if (v === undefined) {
    v = openText(key, token);
    if (m.size >= CACHE_MAX) m.clear();
    m.set(token, v);
  }
  return v;
}
