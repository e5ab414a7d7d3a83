/**
 * An ODM file written as it is made: each part (the header, a subject's ClinicalData, an audit
 * record) goes into a buffer that is written out and hashed whenever it fills, so memory stays
 * at one buffer whatever the site's size, and the SHA-256 is of the very bytes on disk. Parts
 * are separated by a newline, as the in-memory writer joined them, so the bytes are the same.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

/** Bytes gathered before one write (and one hash update). */
export const SINK_CHUNK = 1 << 18;

export interface SinkResult {
  sha256: string;
  bytes: number;
}

export class OdmSink {
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  private readonly buf: Buffer;
  private used = 0;
  private bytes = 0;
  private first = true;
  private result: SinkResult | null = null;

  constructor(
    readonly path: string,
    chunk = SINK_CHUNK,
  ) {
    // 'wx': never an existing file; 0o600 from the first byte, as the file may hold PHI.
    this.fd = openSync(path, 'wx', 0o600);
    this.buf = Buffer.allocUnsafe(Math.max(16, chunk));
  }

  /** One part, after a newline unless it is the file's first. */
  part(s: string): void {
    if (this.first) this.first = false;
    else this.append('\n');
    this.append(s);
  }

  private append(s: string): void {
    if (this.fd === null) throw new Error(`odm: ${this.path} is already closed`);
    // UTF-8 takes at most 3 bytes per UTF-16 unit, so the check never lets a write overflow.
    if (this.used + s.length * 3 > this.buf.length) {
      this.flush();
      if (s.length * 3 > this.buf.length) {
        this.write(Buffer.from(s, 'utf8'));
        return;
      }
    }
    this.used += this.buf.write(s, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    this.write(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  private write(b: Buffer): void {
    this.hash.update(b);
    for (let off = 0; off < b.length;) off += writeSync(this.fd!, b, off);
    this.bytes += b.length;
  }

  /** Writes what is left and closes the file: its hash and size. */
  finish(): SinkResult {
    if (this.result) return this.result;
    if (this.fd === null) throw new Error(`odm: ${this.path} was closed before it was finished`);
    this.flush();
    this.close();
    this.result = { sha256: this.hash.digest('hex'), bytes: this.bytes };
    return this.result;
  }

  /** Closes the file without finishing it (idempotent); the export's finally removes it. */
  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
