/**
 * Keys in the schema (issue 10): each user's public keys with the site key's signature over the
 * whole user record (users row + keys), and each audit batch's Ed25519 signature by its actor,
 * append-only like the trail. IF NOT EXISTS: re-running it on a file that has them changes nothing.
 */
import type { Migration } from './migration';

const sql = `
CREATE TABLE IF NOT EXISTS user_keys (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  sign_public TEXT NOT NULL,
  enc_public TEXT NOT NULL,
  record_sig TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS audit_sigs (
  audit_id INTEGER PRIMARY KEY,
  signer TEXT NOT NULL,
  sig TEXT NOT NULL
) STRICT;
CREATE TRIGGER IF NOT EXISTS audit_sigs_no_update BEFORE UPDATE ON audit_sigs BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_sigs_no_delete BEFORE DELETE ON audit_sigs BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`;

export const migration: Migration = {
  version: 4,
  name: 'add-signed-keys',
  up(db) {
    db.exec(sql);
  },
};
