/** One ODM export in a fresh process, so its peak RSS is its own: prints its time, size and counts. */
import { statSync } from 'node:fs';
import { exportOdm } from '../../main/export/odm/index';
import type { ProfileId } from '../../main/export/profiles';
import { unlockSiteDatabase } from '../../main/services/site-db';

const [db, user, password, outDir, period, profile, audit] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
const s = unlockSiteDatabase(db, { username: user, password }, { audit: false });
const t = performance.now();
const cpu = process.cpuUsage();
const r = await exportOdm(s, { period, profile: profile as ProfileId, outDir, audit: audit === 'audit' });
const seconds = (performance.now() - t) / 1000;
// On a shared machine the wall time says little: the CPU time beside it is the process's own.
const used = process.cpuUsage(cpu);
s.close();
process.stdout.write(
  JSON.stringify({
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    file: r.file,
    bytes: statSync(r.file).size,
    auditFile: r.auditFile ?? null,
    auditBytes: r.auditFile ? statSync(r.auditFile).size : 0,
    subjects: r.subjects,
    forms: r.forms,
    auditRecords: r.auditRecords ?? 0,
  }) + '\n',
);
