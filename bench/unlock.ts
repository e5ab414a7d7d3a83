/**
 * Unlock: open the file and unwrap the data key with the product's scrypt (N=2^17, r=8, p=1:
 * chosen so a guess costs ~0.3 s and 128 MiB while a coordinator barely waits). The floor is
 * the scrypt derivation alone, the cost we pay on purpose.
 */
import { scryptSync } from 'node:crypto';
import { unlockSiteDatabase } from '../main/services/site-db';
import { DEFAULT_KDF } from '../main/db/keyslots';
import { ADMIN_PW } from './sites';
import { measure, percentile, timeMs, type Measure } from './measure';

export function measureUnlock(path: string): Measure[] {
  const times: number[] = [];
  for (let i = 0; i < 5; i++)
    times.push(
      timeMs(() => unlockSiteDatabase(path, { username: 'admin', password: ADMIN_PW }, { audit: false }).close()),
    );
  const kdf: number[] = [];
  const { N, r, p } = DEFAULT_KDF;
  for (let i = 0; i < 5; i++)
    kdf.push(timeMs(() => scryptSync('x', Buffer.alloc(16), 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 })));
  const v =
    percentile(
      times.sort((a, b) => a - b),
      50,
    ) / 1000;
  const f =
    percentile(
      kdf.sort((a, b) => a - b),
      50,
    ) / 1000;
  return [
    measure({
      name: `unlock (scrypt N=2^${Math.log2(N)}, r=${r}, p=${p})`,
      value: v,
      unit: 's',
      floor: f,
      target: '0.2–1 s',
      pass: v >= 0.2 && v <= 1,
    }),
  ];
}
