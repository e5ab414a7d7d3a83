import { describe, it, expect } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { runPhiScan } from './cli.js';

async function run(input: string, spans: boolean): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runPhiScan({ spans, stdin: Readable.from([Buffer.from(input)]), stdout, stderr });
  return { code, out, err };
}

const NOTE = 'Pt Mary Johnson seen 3/14/2012, call (718) 555-0142.';

describe('runPhiScan', () => {
  it('writes the redacted text, and counts (never values) on stderr', async () => {
    const r = await run(NOTE, false);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Pt [REDACTED:NAME] seen [REDACTED:DATE], call [REDACTED:PHONE].');
    expect(JSON.parse(r.err)).toEqual({ counts: { NAME: 1, DATE: 1, PHONE: 1 } });
    expect(r.err).not.toMatch(/Mary|2012|555/);
  });

  it('with spans, writes one JSON line per finding and no values', async () => {
    const r = await run(NOTE, true);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { start: number; end: number; kind: string });
    expect(lines).toEqual([
      { start: 3, end: 15, kind: 'NAME' },
      { start: 21, end: 30, kind: 'DATE' },
      { start: 37, end: 51, kind: 'PHONE' },
    ]);
    expect(r.out).not.toMatch(/Mary|2012|555/);
  });
});
