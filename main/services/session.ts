/** A logged-in user on an unlocked site database: what every service call runs with. */
import type { Db } from '../db/connection';
import { CrfError } from '../../shared/errors';
import { may, PERMISSIONS, type Permission, type Role } from '../../shared/roles';
import type { Study } from '../../shared/protocol/load';
import { todayIso } from '../../shared/dates';

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

export class SiteSession {
  constructor(
    readonly db: Db,
    readonly study: Study,
    readonly user: SessionUser,
    readonly site: SiteInfo,
    readonly dbPath: string,
    readonly dbId: string,
    /** Kept in memory for the session only: needed to wrap a new user's key slot. */
    private readonly dataKey: Buffer,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  now(): Date {
    return this.clock();
  }

  today(): string {
    return todayIso(this.clock());
  }

  /** Every service call starts here: the role decides, never the screen. */
  require(p: Permission): void {
    if (!may(this.user.role, p))
      throw new CrfError({
        code: 'FORBIDDEN',
        message: `A ${this.user.role} may not do this (${p}); it needs the role ${PERMISSIONS[p].join(' or ')}`,
      });
  }

  withDataKey<T>(fn: (key: Buffer) => T): T {
    return fn(this.dataKey);
  }

  /**
   * A session for a system account on the same open database (the demo generator's `demo`
   * user): it shares the connection and key, and its own role decides what it may do.
   */
  actingAs(user: SessionUser): SiteSession {
    return new SiteSession(this.db, this.study, user, this.site, this.dbPath, this.dbId, this.dataKey, this.clock);
  }

  close(): void {
    this.dataKey.fill(0);
    if (this.db.open) this.db.close();
  }
}
