/**
 * Subject IDs are `SITE-NNNN`, widening to `SITE-NNNNN` past 9999 (never renumbered). As text
 * "MMC-10000" sorts before "MMC-9999", so lists compare the site code, then the number.
 */
export function compareSubjectIds(a: string, b: string): number {
  const [sa, na] = splitId(a);
  const [sb, nb] = splitId(b);
  return sa.localeCompare(sb) || na - nb || a.localeCompare(b);
}

function splitId(id: string): [string, number] {
  const at = id.lastIndexOf('-');
  const n = at < 0 ? NaN : Number(id.slice(at + 1));
  return Number.isInteger(n) ? [id.slice(0, at), n] : [id, -1];
}
