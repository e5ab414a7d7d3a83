/**
 * The Queries screen's "Import sponsor queries" channel (queries.importSponsor): the file's text
 * opens the sponsor's queries as ordinary queries raised by "sponsor", once; an edited file or a
 * file for another site is refused whole and changes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../main/ipc/app-state';
import { SPONSOR_QUERIES_FORMAT, sponsorQueriesCanonical, type SponsorQueriesFile } from '../../shared/sponsor-queries';
import { call, digestDatabase, loginAs, must, siteWithUsers } from '../support/ipc';

let dir: string;
let state: AppState;
let subjectId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-sponsor-ipc-'));
  ({ state } = await siteWithUsers(dir));
  await loginAs(state, 'coordinator');
  subjectId = (await must(state, 'subjects.register', {})).subjectId;
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(over: Partial<Omit<SponsorQueriesFile, 'sha256'>> = {}): Omit<SponsorQueriesFile, 'sha256'> {
  return {
    format: SPONSOR_QUERIES_FORMAT,
    version: 1,
    study: 'SACRO',
    site: 'MMC',
    written_at: '2026-12-01T10:00:00.000Z',
    queries: [
      {
        id: 7,
        subject_id: subjectId,
        event: 'screening',
        form: 'REG',
        instance: null,
        field: null,
        text: 'Please confirm the consent date',
        status: 'open',
        round: 1,
      },
    ],
    ...over,
  };
}
const signed = (body: Omit<SponsorQueriesFile, 'sha256'>): string =>
  JSON.stringify({ ...body, sha256: createHash('sha256').update(sponsorQueriesCanonical(body)).digest('hex') });

describe('queries.importSponsor', () => {
  it('opens the sponsor query once, raised by sponsor; the same file again changes nothing', async () => {
    const r = await must(state, 'queries.importSponsor', { text: signed(file()) });
    expect(r).toEqual({ opened: 1, closed: 0, reopened: 0, unchanged: 0 });
    const list = await must(state, 'queries.list', { subjectId });
    const q = list.find((x: { rule: string | null }) => x.rule === 'sponsor:7');
    expect(q).toBeDefined();
    expect(q.openedBy).toBe('sponsor');
    expect(q.status).toBe('open');
    expect(q.messages[0].text).toBe('Please confirm the consent date');
    expect(await must(state, 'queries.importSponsor', { text: signed(file()) })).toEqual({
      opened: 0,
      closed: 0,
      reopened: 0,
      unchanged: 1,
    });
  });

  it('an edited file, another site, or not JSON: refused with the reason, nothing changed', async () => {
    const before = digestDatabase(state.session!.db);
    const edited = signed(file()).replace('Please confirm', 'Please delete');
    const other = signed(file({ site: 'SDI' }));
    for (const [text, why] of [
      [edited, /does not match its SHA-256/],
      [other, /for site SDI/],
      ['not json', /not JSON/],
    ] as const) {
      const r = await call(state, 'queries.importSponsor', { text });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(why);
    }
    expect(digestDatabase(state.session!.db)).toBe(before);
  });
});
