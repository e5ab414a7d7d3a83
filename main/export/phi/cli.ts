import { redactPhi } from './index.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `sitecrf phi-scan [--spans]`: stdin text in; the redacted text (or, with spans, one JSON line
 * per finding) out. Neither output ever carries a found value: counts and offsets only, so the
 * command's output can be logged or piped without spreading the PHI it found.
 */
export async function runPhiScan(opts: {
  spans: boolean;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}): Promise<number> {
  try {
    const text = await readAll(opts.stdin);
    const result = redactPhi(text);
    if (opts.spans) {
      opts.stdout.write(
        result.spans.map((s) => JSON.stringify({ start: s.start, end: s.end, kind: s.kind }) + '\n').join(''),
      );
    } else {
      opts.stdout.write(result.text);
      opts.stderr.write(JSON.stringify({ counts: result.counts }) + '\n');
    }
    return 0;
  } catch (err) {
    opts.stderr.write(`phi-scan: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
