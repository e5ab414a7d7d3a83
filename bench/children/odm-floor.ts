/**
 * The ODM export's floor, in a fresh process: what it cannot do without. Reading and
 * de-identifying the same subjects from a snapshot under the same profile (and, with an audit
 * file, reading the same audit rows), then writing and hashing the same bytes, loaded into
 * memory beforehand (untimed), in the writer's chunk size. No XML is made.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { valueChanges } from '../../main/export/odm/audit';
import { SINK_CHUNK } from '../../main/export/odm/sink';
import { runExport } from '../../main/export/pipeline/run';
import type { ProfileId } from '../../main/export/profiles';
import { unlockSiteDatabase } from '../../main/services/site-db';

const [db, user, password, period, profile, file, auditFile] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string?,
];

let cpuSeconds = 0;
/** Wall seconds of `fn`; its CPU seconds are added to cpuSeconds. */
function timed(fn: () => void): number {
  const t = performance.now();
  const cpu = process.cpuUsage();
  fn();
  const used = process.cpuUsage(cpu);
  cpuSeconds += (used.user + used.system) / 1e6;
  return (performance.now() - t) / 1000;
}

function writeSeconds(from: string, to: string): number {
  const bytes = readFileSync(from);
  return timed(() => {
    const h = createHash('sha256');
    const fd = openSync(to, 'wx', 0o600);
    for (let at = 0; at < bytes.length; at += SINK_CHUNK) {
      const chunk = bytes.subarray(at, at + SINK_CHUNK);
      h.update(chunk);
      for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off);
    }
    closeSync(fd);
    h.digest('hex');
  });
}

const out = mkdtempSync(join(tmpdir(), 'sitecrf-odm-floor-'));
try {
  const s = unlockSiteDatabase(db, { username: user, password }, { audit: false });
  const read = await runExport(
    s,
    { period, profile: profile as ProfileId, outDir: out, fileNames: (base) => [`${base}.floor`] },
    (run) => {
      const subjects = timed(() => {
        for (const subject of run.subjects()) run.deidentify(subject);
      });
      let changes = 0;
      const audit = timed(() => {
        if (auditFile) for (const row of valueChanges(run.snap)) changes += row.id > 0 ? 1 : 0;
      });
      return Promise.resolve({ subjects, audit, changes });
    },
  );
  s.close();
  const write = writeSeconds(file, join(out, 'copy.xml'));
  const auditWrite = auditFile ? writeSeconds(auditFile, join(out, 'copy_audit.xml')) : 0;
  process.stdout.write(
    JSON.stringify({
      seconds: read.subjects + read.audit + write + auditWrite,
      cpuSeconds,
      readSeconds: read.subjects,
      auditReadSeconds: read.audit,
      writeSeconds: write,
      auditWriteSeconds: auditWrite,
      auditRows: read.changes,
    }) + '\n',
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
