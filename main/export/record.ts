/**
 * The accounting of disclosures (deidentification.md, "What every export records"): who
 * exported what, when, under which profile, how many subjects and rows, and the file's SHA-256,
 * in the exports table and the audit trail, in one transaction once the file is complete.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendAudit } from '../services/audit';
import type { SiteSession } from '../services/session';
import type { Profile } from './profiles';
import type { ReviewRecord } from './review';

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface ExportRecord {
  profile: Profile;
  period: string;
  cutoff: string;
  subjects: number;
  rows: number;
  fileName: string;
  sha256: string;
  sheetHashes: Record<string, string>;
  lastAuditId: number;
  /** the review's decisions applied to the free text: positions, kinds and reasons, never the text */
  review?: ReviewRecord;
}

export function recordExport(session: SiteSession, r: ExportRecord): number {
  const now = session.now();
  return session.db.transaction(() => {
    const { lastInsertRowid } = session.db
      .prepare(
        `INSERT INTO exports (at, username, profile, period, cutoff, submission, subjects, rows, file_name, sha256, sheet_hashes, last_audit_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      // An identified export is never a submission, so it never becomes the previous one.
      .run(
        now.toISOString(),
        session.user.username,
        r.profile.id,
        r.period,
        r.cutoff,
        r.profile.submission ? 1 : 0,
        r.subjects,
        r.rows,
        r.fileName,
        r.sha256,
        JSON.stringify(r.sheetHashes),
        r.lastAuditId,
      );
    appendAudit(
      session.db,
      [
        {
          user: session.user.username,
          action: 'export',
          detail: {
            export: Number(lastInsertRowid),
            user: session.user.username,
            profile: r.profile.id,
            submission: r.profile.submission,
            period: r.period,
            cutoff: r.cutoff,
            subjects: r.subjects,
            rows: r.rows,
            file: r.fileName,
            sha256: r.sha256,
            ...(r.review ? { review: r.review } : {}),
          },
        },
      ],
      now,
    );
    return Number(lastInsertRowid);
  })();
}
