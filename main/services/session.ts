/** A logged-in user on an unlocked site database: what every service call runs with. */
import type { KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Db } from '../db/connection';
import { CrfError } from '../../shared/errors';
import { may, PERMISSIONS, type Permission, type Role } from '../../shared/roles';
import type { Study } from '../../shared/protocol/load';
import { todayIso } from '../../shared/dates';
import { readUserRecord, verifyUserRecord } from './user-records';
import { keyringOf, type IdKeyring } from './identifier-values';

export interface SessionUser {
  id: number;
  username: string;
  fullName: string;
  role: Role;
}

export interface SiteInfo {
  code: string;
  name: string;
}

/** What the session's grant handed out, kept in memory for the session only. */
export interface SessionKeys {
  /** opens the SQLite file */
  data: Buffer;
  /** identifier values; null for roles without identified access */
  id: Buffer | null;
  /** earlier identified-access keys, for values sealed before a rotation */
  idOld: Buffer[];
  /** the site's signing key (PKCS#8 base64): administrators and the recovery code only */
  site: string | null;
  /** the principal that signs this session's audit rows ('recovery' or the user name) */
  signer: string;
  sign: KeyObject;
  signPublic: string;
  sitePublicKey: string;
  generation: number;
}

export class SiteSession {
  private conn: Db;
  /** Warnings for the user at login (a database older than its last recorded head). */
  readonly warnings: string[] = [];
  /** Set when the recovery code opened this session and was replaced: show it once. */
  newRecoveryCode?: string;
  private verifiedSig: string | null = null;
  /** The file this connection opened: a rotation puts a rekeyed file in its place. */
  private inode: number;

  constructor(
    db: Db,
    private current: Study,
    readonly user: SessionUser,
    readonly site: SiteInfo,
    readonly dbPath: string,
    readonly dbId: string,
    private keys: SessionKeys,
    private readonly clock: () => Date = () => new Date(),
    /** A system account's session (the demo user) is re-checked through the human behind it. */
    private readonly parent?: SiteSession,
  ) {
    this.conn = db;
    this.inode = parent ? 0 : inodeOf(dbPath);
  }

  get db(): Db {
    return this.conn;
  }

  /** The study definition this session runs: the database's current protocol version. */
  get study(): Study {
    return this.current;
  }

  /** After an amendment committed: the session runs the new version from its next call. */
  runStudy(study: Study): void {
    this.current = study;
  }

  now(): Date {
    return this.clock();
  }

  today(): string {
    return todayIso(this.clock());
  }

  /**
   * Every service call starts here: the role decides, never the screen, and it is the role of
   * the user record as it is now (signed by the site key), not the one at login.
   */
  require(p: Permission): void {
    this.recheck();
    if (!may(this.user.role, p))
      throw new CrfError({
        code: 'FORBIDDEN',
        message: `A ${this.user.role} may not do this (${p}); it needs the role ${PERMISSIONS[p].join(' or ')}`,
      });
  }

  /** Refuses the session once its user is deactivated, demoted, reset or the record is forged. */
  recheck(): void {
    if (this.parent) return this.parent.recheck();
    const rec = readUserRecord(this.conn, this.user.id);
    const refuse = (why: string): never => {
      this.dropSecrets();
      throw new CrfError({ code: 'AUTH', message: `${why}: log in again` });
    };
    if (!rec) return refuse(`The account ${this.user.username} no longer exists`);
    if (rec.sig !== this.verifiedSig) {
      if (!verifyUserRecord(this.keys.sitePublicKey, this.dbId, rec))
        return refuse(`The user record of ${this.user.username} is not signed by this site (changed outside SiteCRF)`);
      this.verifiedSig = rec.sig;
    }
    if (!rec.active) return refuse(`The account ${this.user.username} was deactivated`);
    if (rec.role !== this.user.role)
      return refuse(`The role of ${this.user.username} changed from ${this.user.role} to ${rec.role}`);
    if (this.keys.signer !== 'recovery' && rec.signPublic !== this.keys.signPublic)
      return refuse(`The password of ${this.user.username} was reset`);
    // Writing on would go to the replaced file and be lost.
    if (inodeOf(this.dbPath) !== this.inode) refuse('The database keys were rotated since you logged in');
  }

  withDataKey<T>(fn: (key: Buffer) => T): T {
    return fn(this.keys.data);
  }

  private ring: IdKeyring | null = null;

  /** The identified-access keys, for roles that hold them (null otherwise). */
  identifierKey(): IdKeyring | null {
    if (!this.keys.id || !may(this.user.role, 'subject.identified')) return null;
    if (this.ring?.current !== this.keys.id) this.ring = keyringOf(this.keys.id, this.keys.idOld);
    return this.ring;
  }

  /** The whole key set (an administrator's or the recovery's session), for rotation and new grants. */
  siteKeys(): {
    data: Buffer;
    id: Buffer | null;
    idOld: Buffer[];
    site: string | null;
    generation: number;
    sitePublicKey: string;
  } {
    return { ...this.keys };
  }

  signer(): { name: string; key: KeyObject; publicKey: string } {
    return { name: this.keys.signer, key: this.keys.sign, publicKey: this.keys.signPublic };
  }

  /** After a rotation: the connection to the rekeyed file and the new keys. */
  replaceConnection(db: Db, keys: Partial<SessionKeys>): void {
    if (this.conn.open) this.conn.close();
    this.conn = db;
    this.keys = { ...this.keys, ...keys };
    this.verifiedSig = null;
    this.inode = inodeOf(this.dbPath);
  }

  /**
   * A session for a system account on the same open database (the demo generator's `demo`
   * user): it shares the connection and key, and its own role decides what it may do.
   */
  actingAs(user: SessionUser): SiteSession {
    const ids = may(user.role, 'subject.identified');
    const keys = { ...this.keys, id: ids ? this.keys.id : null, idOld: ids ? this.keys.idOld : [], site: null };
    return new SiteSession(this.conn, this.study, user, this.site, this.dbPath, this.dbId, keys, this.clock, this);
  }

  private dropSecrets(): void {
    this.keys.id?.fill(0);
    this.keys = { ...this.keys, id: null, idOld: [], site: null };
    this.ring = null;
  }

  close(): void {
    this.keys.data.fill(0);
    this.keys.id?.fill(0);
    if (this.conn.open) this.conn.close();
  }
}

function inodeOf(path: string): number {
  try {
    return statSync(path).ino;
  } catch {
    return -1;
  }
}
