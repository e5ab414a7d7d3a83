/**
 * The word lists' flags (lists.ts), with a small table of the words the scanned texts have used.
 *
 * A token's one lookup in the 370,000-word map was a fifth of a scan: each word of a text was
 * sliced, lowercased and hashed anew, and the probe of a map that size misses the processor's
 * caches. Texts reuse few words, so the table below keeps each lowercase word a text has used,
 * found from the text's characters without building a string; a found word's string is the one
 * kept, whose hash is already computed for the rule modules' own look-ups. Every change to the
 * flags goes through `set`, which updates the table too, so it answers exactly as the map does.
 */
const SLOT_BITS = 16;
const SLOT_MASK = (1 << SLOT_BITS) - 1;
/** words kept; when full the table starts again (a scan's answer never depends on it) */
const CAPACITY = 1 << 15;
/** the flags kept for a word the map does not hold (a flags value never has the sign bit) */
const ABSENT = -1;

export class WordFlags extends Map<string, number> {
  /** per slot its word's hash and its entry index + 1 (0: empty), side by side so a probe reads one cache line */
  private slots = new Int32Array(2 << SLOT_BITS);
  private words: string[] = [];
  private bits = new Int32Array(CAPACITY);

  override set(word: string, f: number): this {
    super.set(word, f);
    // the constructor's own set calls come before the fields exist
    if (this.words !== undefined && this.words.length > 0) {
      const e = this.find(word);
      if (e >= 0) this.bits[e] = f;
    }
    return this;
  }

  /** the map's answer, from the table when the word is there: the rule modules ask about a text's own words */
  override get(word: string): number | undefined {
    const e = this.words === undefined || this.words.length === 0 ? -1 : this.find(word);
    if (e < 0) return super.get(word);
    const f = this.bits[e]!;
    return f === ABSENT ? undefined : f;
  }

  override delete(word: string): boolean {
    this.forget();
    return super.delete(word);
  }

  override clear(): void {
    this.forget();
    super.clear();
  }

  /**
   * The lowercase form of the ASCII word text[start, end) and its flags, with `hash` the
   * `hashAscii` of the same characters. `out` receives both (no object per token).
   */
  lookupAscii(text: string, start: number, end: number, hash: number, anyUpper: boolean, out: Looked): void {
    const slots = this.slots;
    for (let k = hash & SLOT_MASK; ; k = (k + 1) & SLOT_MASK) {
      const e = slots[2 * k + 1]! - 1;
      if (e < 0) {
        const w = text.slice(start, end);
        const lower = anyUpper ? w.toLowerCase() : w;
        const f = super.get(lower);
        if (this.words.length >= CAPACITY) this.forget();
        this.add(lower, f ?? ABSENT, hash);
        out.lower = lower;
        out.flags = f ?? 0;
        return;
      }
      if (slots[2 * k] !== hash) continue;
      const w = this.words[e]!;
      if (w.length !== end - start || !sameLower(w, text, start)) continue;
      out.lower = w;
      const f = this.bits[e]!;
      out.flags = f === ABSENT ? 0 : f;
      return;
    }
  }

  private find(word: string): number {
    const hash = hashAscii(word, 0, word.length);
    for (let k = hash & SLOT_MASK; ; k = (k + 1) & SLOT_MASK) {
      const e = this.slots[2 * k + 1]! - 1;
      if (e < 0) return -1;
      if (this.slots[2 * k] === hash && this.words[e] === word) return e;
    }
  }

  private add(word: string, f: number, hash: number): void {
    let k = hash & SLOT_MASK;
    while (this.slots[2 * k + 1] !== 0) k = (k + 1) & SLOT_MASK;
    this.bits[this.words.length] = f;
    this.words.push(word);
    this.slots[2 * k] = hash;
    this.slots[2 * k + 1] = this.words.length;
  }

  private forget(): void {
    if (this.words === undefined) return;
    this.slots.fill(0);
    this.words.length = 0;
  }
}

export interface Looked {
  lower: string;
  flags: number;
}

/** the hash of text[start, end) read in lowercase (ASCII letters only change) */
export function hashAscii(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
  }
  return h ^ (h >>> 15);
}

function sameLower(w: string, text: string, start: number): boolean {
  for (let k = 0; k < w.length; k++) {
    const c = text.charCodeAt(start + k);
    if (w.charCodeAt(k) !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
  }
  return true;
}
