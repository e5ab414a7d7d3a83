/** A digest of every table's content, to prove a refused call changed nothing. */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';

export function contentDigest(db: Database, opts: { skipAuditActions?: string[] } = {}): string {
  const h = createHash('sha256');
  const tables = (
    db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string }[]
  ).map((t) => t.name);
  for (const t of tables) {
    h.update(`#${t}\n`);
    const rows = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[];
    for (const r of rows) {
      if (t === 'audit' && opts.skipAuditActions?.includes(String(r.action))) continue;
      h.update(JSON.stringify(r));
    }
  }
  return h.digest('hex');
}
