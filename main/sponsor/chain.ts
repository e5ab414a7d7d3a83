/**
 * A site's chain of submissions: each Cover names the previous period and the SHA-256 of the
 * previous file, so the sponsor sees a month that never arrived (gap), two histories (fork: a
 * restored or re-chained site database, two different files for one month, or a re-saved copy
 * imported in place of the file the site sent), and a site that started over (restart). Worked
 * out from the submissions every time, so a late file closes the gap it left.
 */
export interface ChainLink {
  id: number;
  period: string;
  fileSha256: string;
  coverSha256: string;
  previousPeriod: string | null;
  previousSha256: string | null;
}

export type ChainKind = 'gap' | 'fork' | 'restart';

export interface ChainProblem {
  kind: ChainKind;
  submissionId: number;
  period: string;
  message: string;
}

const short = (h: string | null): string => (h ? `${h.slice(0, 12)}…` : 'none');

export function chainProblems(site: string, subs: readonly ChainLink[]): ChainProblem[] {
  const sorted = [...subs].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.id - b.id));
  const out: ChainProblem[] = [];
  const add = (s: ChainLink, kind: ChainKind, message: string): void => {
    if (!out.some((p) => p.submissionId === s.id && p.kind === kind))
      out.push({ kind, submissionId: s.id, period: s.period, message: `${site} ${s.period}: ${message}` });
  };
  for (const s of sorted) {
    const twin = sorted.find((x) => x.id < s.id && x.period === s.period && x.coverSha256 !== s.coverSha256);
    if (twin) add(s, 'fork', `a second, different submission for ${s.period} (the first is #${twin.id})`);
    if (!s.previousSha256) {
      const earlier = sorted.filter((x) => x.period < s.period);
      if (earlier.length)
        add(
          s,
          'restart',
          `starts a new chain (no previous submission named) although the store holds ${earlier.map((x) => x.period).join(', ')}: a new or restored site database`,
        );
      continue;
    }
    const prev = sorted.find((x) => x.fileSha256 === s.previousSha256);
    if (prev) {
      if (prev.period !== s.previousPeriod)
        add(s, 'fork', `names ${s.previousPeriod} as its previous, but that file is the store's ${prev.period}`);
      const sibling = sorted.find((x) => x.id !== s.id && x.id < s.id && x.previousSha256 === s.previousSha256);
      if (sibling)
        add(
          s,
          'fork',
          `follows ${prev.period} like #${sibling.id} (${sibling.period}) does: two histories from one month`,
        );
      continue;
    }
    const samePeriod = sorted.filter((x) => x.period === s.previousPeriod);
    if (samePeriod.length)
      add(
        s,
        'fork',
        `names previous ${s.previousPeriod} with SHA-256 ${short(s.previousSha256)}, but the store's ${s.previousPeriod} is ${short(samePeriod[0]!.fileSha256)}: the site database was rolled back or re-chained, or a re-saved copy was imported instead of the file the site sent`,
      );
    else add(s, 'gap', `the previous submission (${s.previousPeriod}) is not in the store`);
  }
  return out;
}
