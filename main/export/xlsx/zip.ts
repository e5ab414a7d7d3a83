/**
 * The zip side of reading an .xlsx that came from outside: yauzl's central directory read once,
 * every entry's declared size checked before a byte is inflated, and each inflated stream
 * counted as it flows (yauzl refuses a stream longer than its declared size), so a zip bomb is
 * refused whether it declares its size honestly or lies about it.
 */
import yauzl from 'yauzl';
import { ReadRefusal } from './limits';
import type { ReadLimits } from './limits';

export interface ZipArchive {
  /** Entry names as stored (forward slashes). */
  readonly names: ReadonlySet<string>;
  /** Streams an entry's inflated bytes to `onChunk` (synchronous consumer: backpressure is the parse). */
  read(name: string, onChunk: (chunk: Buffer) => void): Promise<void>;
  close(): void;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (e, z) =>
        e || !z ? reject(new ReadRefusal('zip', `not a zip archive (${e?.message ?? 'unreadable'})`)) : resolve(z),
    ),
  );
}

export async function openArchive(file: string, limits: ReadLimits): Promise<ZipArchive> {
  const zip = await openZip(file);
  const entries = new Map<string, yauzl.Entry>();
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new ReadRefusal('zip', `${zip.entryCount} zip entries, more than the ${limits.maxEntries} allowed`);
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        const size = e.uncompressedSize;
        if (size > limits.maxEntryBytes)
          return reject(
            new ReadRefusal(
              'zip',
              `entry ${e.fileName} unpacks to ${size} bytes, more than the ${limits.maxEntryBytes} allowed (a zip bomb?)`,
            ),
          );
        total += size;
        if (total > limits.maxTotalBytes)
          return reject(
            new ReadRefusal(
              'zip',
              `the entries unpack to more than the ${limits.maxTotalBytes} bytes allowed (a zip bomb?)`,
            ),
          );
        if (entries.has(e.fileName))
          return reject(new ReadRefusal('zip', `entry ${e.fileName} appears twice in the archive`));
        entries.set(e.fileName, e);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: Error) => reject(new ReadRefusal('zip', `damaged zip archive (${err.message})`)));
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    throw e;
  }
  return {
    names: new Set(entries.keys()),
    read(name, onChunk) {
      const entry = entries.get(name);
      if (!entry) return Promise.reject(new ReadRefusal('zip', `no entry ${name} in the archive`));
      return new Promise((resolve, reject) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(new ReadRefusal('zip', `entry ${name}: ${err?.message ?? 'unreadable'}`));
          let seen = 0;
          stream.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (seen > limits.maxEntryBytes) {
              stream.destroy();
              return reject(new ReadRefusal('zip', `entry ${name} unpacks to more than ${limits.maxEntryBytes} bytes`));
            }
            try {
              onChunk(chunk);
            } catch (e) {
              stream.destroy();
              reject(e as Error);
            }
          });
          stream.on('error', (e: Error) =>
            reject(
              e instanceof ReadRefusal
                ? e
                : new ReadRefusal('zip', `entry ${name} does not unpack to its declared size: ${e.message}`),
            ),
          );
          stream.on('end', () => resolve());
        });
      });
    },
    close: () => zip.close(),
  };
}
