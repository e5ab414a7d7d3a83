import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OdmSink } from './sink';

const dir = mkdtempSync(join(tmpdir(), 'odm-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Parts of every size around the buffer's, with multi-byte UTF-8 that may straddle a flush.
const parts = [
  '<?xml version="1.0"?>',
  '',
  'é'.repeat(5),
  'x'.repeat(15),
  '€'.repeat(40),
  '<a/>',
  '𝄞 Zoë'.repeat(3),
  'y'.repeat(300),
];

describe('OdmSink', () => {
  for (const chunk of [16, 64, 1 << 18]) {
    it(`writes the parts joined by newlines and hashes the bytes on disk (buffer ${chunk} bytes)`, () => {
      const path = join(dir, `parts-${chunk}.xml`);
      const sink = new OdmSink(path, chunk);
      for (const p of parts) sink.part(p);
      const r = sink.finish();
      const bytes = readFileSync(path);
      expect(bytes.toString('utf8')).toBe(parts.join('\n'));
      expect(r.bytes).toBe(bytes.length);
      expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(statSync(path).mode & 0o777).toBe(0o600);
    });
  }

  it('never writes over a file that is there', () => {
    const path = join(dir, 'there.xml');
    writeFileSync(path, 'kept');
    expect(() => new OdmSink(path)).toThrow(/EEXIST/);
    expect(readFileSync(path, 'utf8')).toBe('kept');
  });

  it('refuses to finish a file closed half-written, and to write after', () => {
    const sink = new OdmSink(join(dir, 'half.xml'));
    sink.part('<ODM>');
    sink.close();
    expect(() => sink.finish()).toThrow(/closed before it was finished/);
    expect(() => sink.part('more')).toThrow(/already closed/);
  });
});
