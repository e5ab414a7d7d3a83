/** The six-site demo network in a temporary folder (cheap KDF), shared by the sponsor-side tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNetwork, type NetworkResult } from '../../main/demo/network';

export const NETWORK_KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;
export const NETWORK_ADMIN = { username: 'admin', password: 'network-admin-1' };
/** A fixed "now", so the seeded network is the same on every run and every day. */
export const NETWORK_NOW = new Date('2026-12-01T12:00:00Z');

export interface NetworkFixture extends NetworkResult {
  dir: string;
  cleanup(): void;
}

export async function makeNetwork(
  opts: { months?: number; subjects?: number; seed?: string } = {},
): Promise<NetworkFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-network-'));
  const r = await generateNetwork({
    outDir: dir,
    months: opts.months ?? 2,
    subjects: opts.subjects,
    seed: opts.seed ?? '1',
    admin: NETWORK_ADMIN,
    now: NETWORK_NOW,
    kdf: NETWORK_KDF,
  });
  return { ...r, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
