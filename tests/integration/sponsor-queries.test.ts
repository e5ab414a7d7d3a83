/**
 * Queries that travel, across two site databases and the store: raised at the sponsor, written
 * to a site's file, opened at that site as queries raised by "sponsor", answered there, seen
 * answered at the sponsor through the next workbook, closed and re-opened by the sponsor; a file
 * for another site, another study, or edited by hand is refused with nothing imported.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { listQueries, replyQuery } from '../../main/services/queries';
import { importSponsorQueries } from '../../main/services/sponsor-queries';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import { raiseQuery, setQueryStatus, writeQueriesFile } from '../../main/sponsor/queries';
import type { Store } from '../../main/sponsor/store';
import { sponsorQueriesCanonical, type SponsorQueriesFile } from '../../shared/sponsor-queries';
import { PASSWORDS } from './site-fixture';
import { sponsorSite, type SponsorSite } from '../support/sponsor-sites';

let mmc: SponsorSite;
let sdi: SponsorSite;
let store: Store;
let storePath: string;
let n = 0;
const file = (): string => join(mmc.out, `queries-${++n}.json`);
const siteQueries = (s: SponsorSite) => listQueries(s.coordinator).filter((q) => q.openedBy === 'sponsor');
const sponsorStatus = async (id: number): Promise<string> =>
  String((await store.all('SELECT status FROM sponsor_queries WHERE id = $1', [id]))[0]!.status);

beforeAll(async () => {
  mmc = sponsorSite('MMC');
  sdi = sponsorSite('SDI');
  const oct = [await mmc.submit('2026-10'), await sdi.submit('2026-10')];
  storePath = join(mmc.out, 'SACRO.duckdb');
  store = await initStore(storePath, oct[0]!);
  for (const f of oct) await importWorkbook(store, f);
});
afterAll(() => {
  store.close();
  mmc.close();
  sdi.close();
});

describe('queries that travel', () => {
  let id: number;
  let first: string;

  it('the sponsor raises a query on a pooled subject; an unknown subject or field is refused', async () => {
    const r = await raiseQuery(store, {
      subject: 'MMC-0002',
      event: 'procedure',
      form: 'PROC',
      field: 'cement_ml',
      text: 'Please confirm the cement volume',
    });
    expect(r.site).toBe('MMC');
    id = r.id;
    await expect(raiseQuery(store, { subject: 'XYZ-9', event: 'procedure', form: 'PROC', text: 'x' })).rejects.toThrow(
      'No subject XYZ-9',
    );
    await expect(
      raiseQuery(store, { subject: 'MMC-0002', event: 'procedure', form: 'PROC', field: 'nope', text: 'x' }),
    ).rejects.toThrow('PROC has no field nope');
    expect(await writeQueriesFile(store, 'MMC', (first = file()))).toBe(1);
  });

  it('a file for another site, another study, or edited by hand is refused and nothing is imported', () => {
    expect(() => importSponsorQueries(sdi.coordinator, first)).toThrow('it is for site MMC; this is SDI');
    const f = JSON.parse(readFileSync(first, 'utf8')) as SponsorQueriesFile;
    const edited = file();
    writeFileSync(edited, JSON.stringify({ ...f, queries: [{ ...f.queries[0]!, text: 'changed' }] }));
    expect(() => importSponsorQueries(mmc.coordinator, edited)).toThrow(/does not match its SHA-256/);
    const other = { ...f, study: 'OTHER' };
    const { sha256: _drop, ...body } = other;
    void _drop;
    const resigned = file();
    writeFileSync(
      resigned,
      JSON.stringify({ ...other, sha256: createHash('sha256').update(sponsorQueriesCanonical(body)).digest('hex') }),
    );
    expect(() => importSponsorQueries(mmc.coordinator, resigned)).toThrow('it is for study OTHER');
    expect(siteQueries(mmc)).toEqual([]);
    expect(siteQueries(sdi)).toEqual([]);
  });

  it('at the site it opens as a query raised by "sponsor"; importing it again changes nothing', async () => {
    process.env.SITECRF_PASSWORD = PASSWORDS.coordinator;
    const code = await main([
      'node',
      'sitecrf',
      'queries',
      'import',
      '--db',
      mmc.site.path,
      '--user',
      'coordinator',
      '--file',
      first,
    ]);
    delete process.env.SITECRF_PASSWORD;
    expect(code).toBe(0);
    const qs = siteQueries(mmc);
    expect(qs).toHaveLength(1);
    expect(qs[0]).toMatchObject({
      subjectId: 'MMC-0002',
      form: 'PROC',
      field: 'cement_ml',
      status: 'open',
      rule: `sponsor:${id}`,
    });
    expect(qs[0]!.messages[0]!.text).toBe('Please confirm the cement volume');
    expect(importSponsorQueries(mmc.coordinator, first)).toEqual({ opened: 0, closed: 0, reopened: 0, unchanged: 1 });
  });

  it('answered at the site, it shows answered at the sponsor after the next workbook', async () => {
    replyQuery(mmc.coordinator, { queryId: siteQueries(mmc)[0]!.id, text: 'Confirmed: 7.6 mL' });
    const r = await importWorkbook(store, await mmc.submit('2026-11'));
    expect(r.message).toContain('1 sponsor queries changed status at the site');
    expect(await sponsorStatus(id)).toBe('answered');
  });

  it('the sponsor closes it, then re-opens it, and the site follows each file', async () => {
    await setQueryStatus(store, id, 'closed', undefined);
    const closing = file();
    await writeQueriesFile(store, 'MMC', closing);
    expect(importSponsorQueries(mmc.coordinator, closing)).toMatchObject({ closed: 1 });
    expect(siteQueries(mmc)[0]!.status).toBe('closed');
    await expect(setQueryStatus(store, id, 'open', '')).rejects.toThrow('needs text');
    await setQueryStatus(store, id, 'open', 'The volume differs from the procedure note');
    const reopening = file();
    await writeQueriesFile(store, 'MMC', reopening);
    expect(importSponsorQueries(mmc.coordinator, reopening)).toMatchObject({ reopened: 1 });
    const q = siteQueries(mmc)[0]!;
    expect(q.status).toBe('open');
    expect(q.messages.at(-1)!.text).toBe('The volume differs from the procedure note');
  });
});
