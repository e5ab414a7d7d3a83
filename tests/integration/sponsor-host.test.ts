/**
 * Sponsor mode through the host's HTTP: a real DuckDB store made from a real site workbook,
 * two sites' workbooks uploaded as the screen uploads them (imported / nothing changed /
 * refused with nothing stored), the sites × months grid, the study tables (also on an empty
 * store), and the query round trip down to the file a site imports. The two modes never share
 * a channel: no site channel answers in sponsor mode, no sponsor channel in site mode.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../main/host/server';
import { startSponsorHost, type SponsorHost } from '../../main/host/sponsor-host';
import { safeWorkbookName } from '../../main/host/sponsor-mode';
import { listQueries as siteQueries } from '../../main/services/queries';
import { importSponsorQueriesText } from '../../main/services/sponsor-queries';
import { initStore } from '../../main/sponsor/init';
import { CHANNELS } from '../../shared/ipc/contract';
import { SPONSOR_CHANNELS } from '../../shared/ipc/sponsor-contract';
import { sponsorQueriesCanonical, sponsorQueriesFileSchema } from '../../shared/sponsor-queries';
import { api, rawRequest } from '../support/host';
import { CHEAP_KDF } from '../support/ipc';
import { sponsorSite, type SponsorSite } from '../support/sponsor-sites';

let mmc: SponsorSite;
let sdi: SponsorSite;
let files: { mmc: string; sdi: string; identified: string };
let dir: string;
let host: SponsorHost;
const call = (channel: string, input: unknown = {}) => api(host.port, host.token, channel, input);
const upload = (file: string, name = file.split('/').pop()!) =>
  call('sponsor.import', { name, data: readFileSync(file).toString('base64') });
const uploadDirs = () => readdirSync(tmpdir()).filter((f) => f.startsWith('sitecrf-upload-'));

beforeAll(async () => {
  mmc = sponsorSite('MMC');
  sdi = sponsorSite('SDI');
  files = {
    mmc: await mmc.submit('2026-10'),
    sdi: await sdi.submit('2026-10'),
    identified: await sdi.submit('2026-11', 'identified'),
  };
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-sponsor-host-'));
  // `sponsor init` learns the study from one workbook and imports nothing.
  (await initStore(join(dir, 'SACRO.duckdb'), files.mmc)).close();
  host = await startSponsorHost({ store: join(dir, 'SACRO.duckdb'), checkOutput: true, log: () => undefined });
}, 120_000);
afterAll(async () => {
  await host?.close();
  mmc?.close();
  sdi?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sponsor mode: the door and the channels', () => {
  it('serves nothing without the launch token', async () => {
    const r = await rawRequest(host.port, { method: 'POST', path: '/api/sponsor.info', body: '{}' });
    expect(r.status).toBe(401);
    expect((await rawRequest(host.port, { path: '/' })).status).toBe(401);
  });

  it('answers every sponsor channel and no site channel', async () => {
    const info = await call('sponsor.info');
    expect(info.json).toMatchObject({ ok: true, value: { study: 'SACRO', store: 'SACRO.duckdb', user: null } });
    for (const c of CHANNELS) {
      const r = await call(c, {});
      expect(r.status, c).toBe(404);
      expect(r.json.error.code, c).toBe('NOT_FOUND');
    }
  });

  it('a site host answers no sponsor channel', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sitecrf-site-host-'));
    const site: Host = await startHost({ dataDir, kdf: CHEAP_KDF, log: () => undefined });
    try {
      for (const c of SPONSOR_CHANNELS) {
        const r = await api(site.port, site.token, c, {});
        expect(r.status, c).toBe(404);
        expect(r.json.error.field, c).toBe('channel');
      }
      expect((await api(site.port, site.token, 'app.status', {})).json.ok).toBe(true);
    } finally {
      await site.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('caps bodies: a small call may not carry a large body', async () => {
    const r = await call('sponsor.status', { pad: 'x'.repeat(300 * 1024) });
    expect(r.status).toBe(413);
  });

  it('keeps only a safe file name of an upload', () => {
    expect(safeWorkbookName('../../etc/MMC 2026-10.xlsx')).toBe('MMC 2026-10.xlsx');
    expect(safeWorkbookName('C:\\x\\..\\.hidden.xlsx')).toBe('hidden.xlsx');
    expect(safeWorkbookName('a$b;c.xlsx')).toBe('a_b_c.xlsx');
  });
});

describe('sponsor mode: import, grid and tables', () => {
  it('the tables of an empty store have no rows and do not fail', async () => {
    const r = await call('sponsor.tables');
    expect(r.json.ok).toBe(true);
    const enrollment = r.json.value.tables.find((t: { id: string }) => t.id === 'enrollment');
    expect(enrollment.rows).toEqual([['ALL', 0]]);
  });

  it('imports uploaded workbooks with the outcome line the CLI prints, leaving no upload behind', async () => {
    const before = uploadDirs();
    const a = await upload(files.mmc);
    expect(a.json.ok).toBe(true);
    expect(a.json.value).toMatchObject({ status: 'imported', site: 'MMC', period: '2026-10' });
    expect(a.json.value.message).toMatch(
      /^SACRO_MMC_2026-10_safe-harbor\.xlsx: imported as submission #1 \(MMC 2026-10, 3 subjects\)/,
    );
    const b = await upload(files.sdi);
    expect(b.json.value).toMatchObject({ status: 'imported', site: 'SDI' });
    const again = await upload(files.mmc);
    expect(again.json.value.status).toBe('duplicate');
    expect(again.json.value.message).toMatch(/already imported as submission #1 .*nothing changed$/);
    expect(uploadDirs()).toEqual(before);
  });

  it('refuses an identified workbook and a damaged one, storing nothing', async () => {
    const grid = async () => JSON.stringify((await call('sponsor.status')).json.value);
    const before = await grid();
    const r = await upload(files.identified);
    expect(r.json.ok).toBe(false);
    expect(r.json.error.message).toMatch(/refused: the identified profile keeps identifiers/);
    const bytes = readFileSync(files.sdi);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = bytes[mid]! ^ 0xff;
    const bad = await call('sponsor.import', { name: 'damaged.xlsx', data: bytes.toString('base64') });
    expect(bad.json.ok).toBe(false);
    expect(bad.json.error.message).toMatch(/^damaged\.xlsx: refused: /);
    const notXlsx = await call('sponsor.import', { name: 'x.csv', data: 'AAAA' });
    expect(notXlsx.json.error.field).toBe('name');
    expect(await grid()).toBe(before);
  });

  it('shows the sites × months grid from status', async () => {
    const st = (await call('sponsor.status')).json.value;
    expect(st.periods).toEqual(['2026-10']);
    expect(st.sites.map((s: { site: string }) => s.site)).toEqual(['MMC', 'SDI']);
    for (const s of st.sites) {
      expect(s.submissions).toHaveLength(1);
      expect(s.submissions[0]).toMatchObject({ period: '2026-10', subjects: 3, current: true, problems: [] });
    }
  });

  it('gives the study tables of the report service', async () => {
    const t = (await call('sponsor.tables')).json.value;
    const ids = t.tables.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['enrollment', 'characteristics', 'outcomes', 'data-quality']));
    const enrollment = t.tables.find((x: { id: string }) => x.id === 'enrollment');
    expect(enrollment.rows).toEqual([
      ['MMC', 3, 3],
      ['SDI', 3, 3],
      ['ALL', 6, 6],
    ]);
  });
});

describe('sponsor mode: the query round trip', () => {
  let id: number;

  it('offers the pooled subjects, events and forms as targets', async () => {
    const t = (await call('sponsor.queryTargets')).json.value;
    expect(t.subjects).toHaveLength(6);
    expect(t.subjects[0]).toEqual({ id: 'MMC-0001', site: 'MMC' });
    expect(t.forms.find((f: { id: string }) => f.id === 'PROC').fields).toContain('cement_ml');
    expect(t.events.find((e: { id: string }) => e.id === 'procedure').forms).toContain('PROC');
  });

  it('needs the user to give a name before raising a query', async () => {
    const q = { subject: 'SDI-0002', event: 'procedure', form: 'PROC', field: 'cement_ml', text: 'Cement volume?' };
    const r = await call('sponsor.raiseQuery', q);
    expect(r.json.error).toMatchObject({ field: 'user', rule: 'required' });
    expect((await call('sponsor.setUser', { name: '  ' })).json.error.field).toBe('name');
    expect((await call('sponsor.setUser', { name: 'Dana Data-Manager' })).json.value.user).toBe('Dana Data-Manager');
    const ok = await call('sponsor.raiseQuery', q);
    expect(ok.json.value.site).toBe('SDI');
    id = ok.json.value.id;
    const list = (await call('sponsor.queries')).json.value;
    expect(list[0]).toMatchObject({
      id,
      site: 'SDI',
      subjectId: 'SDI-0002',
      status: 'open',
      raisedBy: 'Dana Data-Manager',
    });
    const bad = await call('sponsor.raiseQuery', { ...q, field: 'no_such_field' });
    expect(bad.json.error.field).toBe('field');
  });

  it('closes and re-opens, recording who did it', async () => {
    expect((await call('sponsor.setQueryStatus', { id, to: 'closed' })).json.ok).toBe(true);
    expect((await call('sponsor.queries')).json.value[0].status).toBe('closed');
    expect((await call('sponsor.setQueryStatus', { id, to: 'open' })).json.error.field).toBe('text');
    await call('sponsor.setQueryStatus', { id, to: 'open', text: 'Still missing the volume' });
    const q = (await call('sponsor.queries')).json.value[0];
    expect(q).toMatchObject({ status: 'open', round: 2, text: 'Still missing the volume' });
  });

  it('writes the queries file for a site, which that site imports as queries raised by sponsor', async () => {
    const f = (await call('sponsor.queriesFile', { site: 'SDI' })).json.value;
    expect(f).toMatchObject({ name: 'SDI-sponsor-queries.json', queries: 1 });
    const parsed = sponsorQueriesFileSchema.parse(JSON.parse(f.text));
    const { sha256, ...body } = parsed;
    expect(createHash('sha256').update(sponsorQueriesCanonical(body)).digest('hex')).toBe(sha256);
    expect(parsed).toMatchObject({ study: 'SACRO', site: 'SDI' });
    const r = importSponsorQueriesText(sdi.coordinator, f.text);
    expect(r.opened).toBe(1);
    const opened = siteQueries(sdi.coordinator).filter((x) => x.openedBy === 'sponsor');
    expect(opened.map((x) => [x.subjectId, x.form, x.field, x.rule])).toEqual([
      ['SDI-0002', 'PROC', 'cement_ml', `sponsor:${id}`],
    ]);
    expect(opened[0]!.messages.map((m) => m.text)).toContain('Still missing the volume');
    // The file for another site holds none of SDI's queries.
    expect((await call('sponsor.queriesFile', { site: 'MMC' })).json.value.queries).toBe(0);
  });
});
