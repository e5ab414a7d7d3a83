/**
 * A pattern that must not run into a following letter or digit, `(?:source)(?![\p{L}\p{N}])`,
 * matched without compiling that lookahead in the common case.
 *
 * Why: V8 builds the Unicode class of the lookahead anew for every regex it compiles (about
 * 1 ms each, far more than the scan itself), and a subject's identifier patterns are compiled
 * for every new subject: most of a demo's or a first save's time went there. The pattern alone
 * compiles ~10× faster. Its first match is the bounded pattern's first match whenever it ends
 * at a boundary: a backtracking engine tries the same paths in the same order, and the bounded
 * pattern only rejects those that end inside a word. Only when the first match does end inside
 * a word ("Ann" in "Annual") is the bounded pattern compiled (once) to find the right one.
 */
const WORD_CHAR = /[\p{L}\p{N}]/uy;
const WORD_CHAR_I = /[\p{L}\p{N}]/iuy;

export class BoundedPattern {
  private readonly fast: RegExp;
  private slow: RegExp | undefined;
  private readonly wordChar: RegExp;

  constructor(
    private readonly source: string,
    private readonly flags: string,
  ) {
    if (!flags.includes('g')) throw new Error('a bounded pattern is global');
    this.fast = new RegExp(`(?:${source})`, flags);
    this.wordChar = flags.includes('i') ? WORD_CHAR_I : WORD_CHAR;
  }

  /** The match that `/(?:source)(?![\p{L}\p{N}])/flags` would give searching from `from`. */
  exec(text: string, from: number): RegExpExecArray | null {
    this.fast.lastIndex = from;
    const m = this.fast.exec(text);
    if (m === null) return null;
    const end = m.index + m[0].length;
    this.wordChar.lastIndex = end;
    if (!this.wordChar.test(text)) return m;
    this.slow ??= new RegExp(`(?:${this.source})(?![\\p{L}\\p{N}])`, this.flags);
    this.slow.lastIndex = m.index;
    return this.slow.exec(text);
  }

  /** The bounded pattern itself, for tests that compare the two ways. */
  reference(): RegExp {
    return new RegExp(`(?:${this.source})(?![\\p{L}\\p{N}])`, this.flags);
  }
}
