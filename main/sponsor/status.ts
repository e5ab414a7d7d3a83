/**
 * `sitecrf sponsor status`: the store's sites × periods, what each submission holds, and the
 * chain problems of every site.
 */
import { chainProblems, type ChainProblem } from './chain';
import type { Store } from './store';

export interface SubmissionStatus {
  id: number;
  period: string;
  file: string;
  profile: string;
  protocolVersion: string;
  subjects: number;
  dataRows: number;
  current: boolean;
  problems: ChainProblem['kind'][];
}

export interface StoreStatus {
  study: string;
  versions: string[];
  periods: string[];
  sites: { site: string; name: string; submissions: SubmissionStatus[]; problems: ChainProblem[] }[];
}

export async function storeStatus(store: Store): Promise<StoreStatus> {
  const meta = await store.meta();
  const versions = (await store.all('SELECT version FROM protocol_versions ORDER BY version')).map((r) =>
    String(r.version),
  );
  const subs = await store.all(
    `SELECT s.id, s.site, s.site_name, s.period, s.file_name, s.profile, s.protocol_version, s.subjects, s.is_current,
            s.file_sha256, s.cover_sha256, s.previous_period, s.previous_sha256,
            (SELECT count(*) FROM sheet_rows r WHERE r.submission_id = s.id
               AND r.sheet NOT IN ('Summary', 'Changes', 'Queries', 'Dictionary')) AS data_rows
     FROM submissions s ORDER BY s.site, s.period, s.id`,
  );
  const bySite = new Map<string, typeof subs>();
  for (const s of subs) {
    const l = bySite.get(String(s.site)) ?? [];
    l.push(s);
    bySite.set(String(s.site), l);
  }
  const sites: StoreStatus['sites'] = [];
  for (const [site, list] of bySite) {
    const problems = chainProblems(
      site,
      list.map((s) => ({
        id: Number(s.id),
        period: String(s.period),
        fileSha256: String(s.file_sha256),
        coverSha256: String(s.cover_sha256),
        previousPeriod: s.previous_period === null ? null : String(s.previous_period),
        previousSha256: s.previous_sha256 === null ? null : String(s.previous_sha256),
      })),
    );
    sites.push({
      site,
      name: String(list[list.length - 1]!.site_name),
      problems,
      submissions: list.map((s) => ({
        id: Number(s.id),
        period: String(s.period),
        file: String(s.file_name),
        profile: String(s.profile),
        protocolVersion: String(s.protocol_version),
        subjects: Number(s.subjects),
        dataRows: Number(s.data_rows),
        current: Boolean(s.is_current),
        problems: problems.filter((p) => p.submissionId === Number(s.id)).map((p) => p.kind),
      })),
    });
  }
  const periods = [...new Set(subs.map((s) => String(s.period)))].sort();
  return { study: meta.study ?? '', versions, periods, sites };
}

/** The grid as text: one line per site, one column per period. */
export function statusText(st: StoreStatus): string {
  const cell = (s: SubmissionStatus[]): string =>
    s.length === 0
      ? '-'
      : s
          .map(
            (x) =>
              `${x.subjects} subj${x.current ? ' (current)' : ''}${x.problems.length ? ` ${x.problems.join('+').toUpperCase()}` : ''}`,
          )
          .join(' | ');
  const header = ['site', ...st.periods];
  const rows = st.sites.map((s) => [
    s.site,
    ...st.periods.map((p) => cell(s.submissions.filter((x) => x.period === p))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    `Study ${st.study}; protocol versions known: ${st.versions.join(', ') || 'none'}`,
    line(header),
    ...rows.map(line),
  ];
  const problems = st.sites.flatMap((s) => s.problems);
  out.push(problems.length ? 'Chain problems:' : 'No chain problems.');
  for (const p of problems) out.push(`  ${p.kind.toUpperCase()} ${p.message}`);
  return `${out.join('\n')}\n`;
}
