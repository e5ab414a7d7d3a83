/** The benchmark's own encrypted site databases, built with the product's real paths. */
import { join } from 'node:path';
import { createSiteDatabase, unlockSiteDatabase } from '../main/services/site-db';
import { DEFAULT_KDF, type KdfParams } from '../main/db/keyslots';
import { generateDemo } from '../main/demo/index';
import type { SiteSession } from '../main/services/session';
import { addUser } from '../main/services/users';

export const ADMIN_PW = 'bench-admin-password';
export const COORD_PW = 'bench-coord-password';
/** Cheap scrypt for the bench's working databases; the unlock measure uses the product default. */
export const BENCH_KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;

/** `kdf: 'product'` builds a database with the product's own scrypt cost (the unlock measure). */
export function benchSite(dir: string, name: string, kdf: KdfParams | 'product' = BENCH_KDF): string {
  const path = join(dir, `${name}.sitecrf`);
  createSiteDatabase({
    path,
    siteCode: 'MMC',
    kdf: kdf === 'product' ? DEFAULT_KDF : kdf,
    admin: { username: 'admin', fullName: 'Bench Admin', password: ADMIN_PW },
  });
  const s = unlockSiteDatabase(path, { username: 'admin', password: ADMIN_PW });
  addUser(s, { username: 'coord', fullName: 'Bench Coordinator', role: 'coordinator', password: COORD_PW });
  s.close();
  return path;
}

export function coordinator(path: string): SiteSession {
  return unlockSiteDatabase(path, { username: 'coord', password: COORD_PW });
}

export function fillDemo(
  path: string,
  subjects: number,
  seed = 1,
  onProgress?: (done: number, total: number) => void,
): { seconds: number } {
  const s = coordinator(path);
  try {
    const stats = generateDemo(s, { subjects, seed, onProgress });
    return { seconds: stats.seconds };
  } finally {
    s.close();
  }
}
