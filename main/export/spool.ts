/**
 * A data sheet's de-identified rows, kept between the export's two passes in a temporary file
 * of canonical lines (canonical.ts), so each subject is read and de-identified once: pass 1
 * writes the lines and hashes the very bytes it writes; pass 2 streams them into the workbook
 * and hashes the bytes it reads, which must give the hash the Cover already states.
 *
 * Only de-identified data reaches a spool, by construction: `add` takes nothing but the
 * DeidentifiedRow that deidentifySubject makes, and a spool refuses a profile whose rules keep
 * any identifier (limited and identified keep dates, ZIP5 or direct identifiers; they never
 * spool). The files sit in the output folder under a hidden name, readable by the owner only,
 * and are deleted when the export ends, whatever way it ends.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalLine, SheetDigest } from './canonical';
import { safeRow } from './cell-safety';
import type { DeidentifiedRow } from './deidentify';
import type { Cell } from './layout';
import { isDeidentifiedProfile, type Profile } from './profiles';
import { startDigest } from './sheet-writer';
import type { SheetColumn, SheetSource } from './sheet-source';

/** Bytes of lines gathered before one write (and one hash update). */
const WRITE_CHUNK = 1 << 18;
/** Bytes read at a time in pass 2: memory stays at a few of these whatever the site's size. */
const READ_CHUNK = 1 << 20;
const NL = 0x0a;

export class SheetSpool implements SheetSource {
  /** The planned content: header rows, then every row added; its hex goes on the Cover. */
  readonly digest: SheetDigest;
  private fd: number | null;
  /** Lines are encoded into this buffer as they come, so no string outlives its row. */
  private readonly out = Buffer.allocUnsafe(WRITE_CHUNK);
  private used = 0;
  private pendingRows = 0;
  private finished = false;

  constructor(
    readonly path: string,
    readonly name: string,
    readonly columns: SheetColumn[],
    profile: Profile,
    private readonly banner: string | null,
  ) {
    if (!isDeidentifiedProfile(profile))
      throw new Error(`export: the ${profile.id} profile keeps identifiers: its rows are never spooled to disk`);
    this.digest = startDigest(columns, banner);
    // 'wx': never reuse a file that is already there; 0o600: the owner only.
    this.fd = openSync(path, 'wx', 0o600);
  }

  /** One row as deidentifySubject made it: its canonical line hashed, measured and written. */
  add(deidentified: DeidentifiedRow): void {
    if (this.finished) throw new Error(`export: spool ${this.name} is already finished`);
    // The spool holds the rows as they will be written, formula-like text made plain.
    const row = safeRow(deidentified);
    const line = canonicalLine(row);
    this.digest.measure(row);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + line.length * 3 > this.out.length) {
      this.flush();
      if (line.length * 3 > this.out.length) {
        this.write(Buffer.from(line, 'utf8'), 1);
        return;
      }
    }
    this.used += this.out.write(line, this.used, 'utf8');
    this.pendingRows++;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.write(this.out.subarray(0, this.used), this.pendingRows);
    this.used = 0;
    this.pendingRows = 0;
  }

  /** Hashes and writes whole lines: the digest covers exactly the bytes on disk. */
  private write(buf: Buffer, rows: number): void {
    this.digest.addCanonical(buf, rows);
    for (let off = 0; off < buf.length;) off += writeSync(this.fd!, buf, off);
  }

  /** Ends pass 1: what was added is on disk and in the digest. */
  finish(): void {
    if (this.finished) return;
    this.flush();
    closeSync(this.fd!);
    this.fd = null;
    this.finished = true;
  }

  private written: SheetDigest | null = null;

  /**
   * Pass 2: the rows back from the file, a chunk of lines at a time; the bytes are hashed as
   * read (after the header rows), so `readDigest` tells whether the file still holds what pass 1
   * hashed.
   */
  *rows(): Iterable<Cell[]> {
    if (!this.finished) throw new Error(`export: spool ${this.name} read before it was finished`);
    const digest = startDigest(this.columns, this.banner);
    this.written = null;
    const fd = openSync(this.path, 'r');
    try {
      let buf = Buffer.allocUnsafe(READ_CHUNK);
      let have = 0;
      for (;;) {
        if (have === buf.length) {
          // A single line longer than the buffer: grow it.
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, have);
          buf = bigger;
        }
        const n = readSync(fd, buf, have, buf.length - have, null);
        have += n;
        const end = n === 0 ? have : buf.lastIndexOf(NL, have - 1) + 1;
        if (n === 0 && end > 0 && buf[end - 1] !== NL)
          throw new Error(`export: spool ${this.name} ends in the middle of a row`);
        if (end > 0) {
          const text = buf.toString('utf8', 0, end);
          // Canonical lines are JSON arrays without raw newlines: the chunk parses as one array of rows.
          const rows = JSON.parse(`[${text.slice(0, -1).replaceAll('\n', ',')}]`) as Cell[][];
          digest.addCanonical(buf.subarray(0, end), rows.length);
          buf.copy(buf, 0, end, have);
          have -= end;
          yield* rows;
        }
        if (n === 0) break;
      }
    } finally {
      closeSync(fd);
    }
    this.written = digest;
  }

  /** The digest of what `rows` read, header rows included; only after a complete read. */
  readDigest(): SheetDigest {
    if (!this.written) throw new Error(`export: spool ${this.name} was not read to its end`);
    return this.written;
  }

  /** Removes the file (idempotent): called in the export's finally. */
  remove(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    rmSync(this.path, { force: true });
  }
}

export function spoolPath(outDir: string, fileName: string, tag: string, sheet: string): string {
  return join(outDir, `.${fileName}.${tag}.${sheet}.spool`);
}
