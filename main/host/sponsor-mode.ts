/**
 * Sponsor mode: a sponsor store (STUDY.duckdb) opened for the sponsor screen. The store holds
 * only de-identified rows and has no site login, so there is no session: the launch token
 * (browser host) or the app window (Electron) is the door, and the only channels are those of
 * the sponsor contract (shared/ipc/sponsor-contract.ts). Every handler calls the services of
 * main/sponsor that the `sitecrf sponsor` CLI calls; nothing here computes a table or a status.
 * Calls run one at a time: a DuckDB connection has one transaction, and an import must not
 * interleave with a query being raised.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CrfError, isCrfError } from '../../shared/errors';
import type { IpcResult } from '../../shared/ipc/contract';
import {
  MAX_WORKBOOK_BYTES,
  sponsorContract,
  type SponsorChannel,
  type SponsorInput,
  type SponsorOutput,
} from '../../shared/ipc/sponsor-contract';
import { describeInternal } from '../ipc/dispatch';
import { parseInput } from '../ipc/validate';
import { importWorkbook } from '../sponsor/import';
import { listQueries, queriesFileText, raiseQuery, setQueryStatus } from '../sponsor/queries';
import { tablesSpecOf } from '../sponsor/report/spec';
import { studyTablesFromStore } from '../sponsor/report/sql/index';
import { storeStatus } from '../sponsor/status';
import { Store } from '../sponsor/store';
import { studyOfStore } from '../sponsor/study-file';

/** JSON around the workbook's base64 (name, keys, quotes). */
const ENVELOPE_BYTES = 64 * 1024;
/** Every other sponsor call is small. */
const SMALL_BODY_BYTES = 256 * 1024;

export interface SponsorMode {
  readonly storePath: string;
  call(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  bodyLimit(channel: string): number;
  /** After the call in flight (an import finishes or rolls back whole). */
  close(): Promise<void>;
}

export interface SponsorModeOptions {
  /** Dev and tests: check every answer against the channel's output schema. */
  checkOutput?: boolean;
  log?: (line: string) => void;
  clock?: () => Date;
}

interface Ctx {
  store: Store;
  user: string | null;
  now(): Date;
}

type Handlers = { [C in SponsorChannel]: (i: SponsorInput<C>, c: Ctx) => Promise<SponsorOutput<C>> };

const isSponsorChannel = (c: unknown): c is SponsorChannel =>
  typeof c === 'string' && Object.hasOwn(sponsorContract, c);

function author(c: Ctx): string {
  if (!c.user)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'user',
      rule: 'required',
      message: 'Give your name first: it is kept as the author of the queries you raise, close or re-open',
    });
  return c.user;
}

/** The uploaded file's own name, made safe for a file system: the import names it in its outcome. */
export function safeWorkbookName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const clean = last.replace(/[^A-Za-z0-9 ._()+-]/g, '_').replace(/^[.\s]+/, '');
  return /\.xlsx$/i.test(clean) && clean.length > 5 ? clean : 'workbook.xlsx';
}

async function importUpload(i: SponsorInput<'sponsor.import'>, c: Ctx): Promise<SponsorOutput<'sponsor.import'>> {
  const bytes = Buffer.from(i.data, 'base64');
  if (bytes.length > MAX_WORKBOOK_BYTES)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'data',
      rule: 'maxSize',
      message: `${safeWorkbookName(i.name)}: refused: larger than ${MAX_WORKBOOK_BYTES / 1024 / 1024} MiB`,
    });
  // A private folder (0700) and file (0600): the bytes are de-identified, but they are the study's.
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-upload-'));
  try {
    const file = join(dir, safeWorkbookName(i.name));
    writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
    const r = await importWorkbook(c.store, file, { now: c.now() });
    return { status: r.status, message: r.message, site: r.site, period: r.period, submissionId: r.submissionId };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const handlers: Handlers = {
  'sponsor.info': async (_i, c) => {
    const meta = await c.store.meta();
    const versions = (await c.store.all('SELECT version FROM protocol_versions ORDER BY version')).map((r) =>
      String(r.version),
    );
    return {
      study: meta.study ?? '',
      title: meta.study_title ?? '',
      store: basename(c.store.path),
      versions,
      user: c.user,
    };
  },
  'sponsor.setUser': async (i, c) => {
    c.user = i.name;
    return { user: i.name };
  },
  'sponsor.status': async (_i, c) => storeStatus(c.store),
  'sponsor.import': importUpload,
  'sponsor.tables': async (_i, c) => {
    const study = await studyOfStore(c.store);
    const spec = tablesSpecOf(study);
    return studyTablesFromStore(c.store, study, { spec, asOf: c.now() });
  },
  'sponsor.queryTargets': async (_i, c) => {
    const subjects = await c.store.all(
      'SELECT DISTINCT site, subject_id FROM current_rows WHERE subject_id IS NOT NULL ORDER BY site, subject_id',
    );
    const fields = await c.store.all(
      'SELECT form, field, min(row_no) AS n FROM dictionary GROUP BY form, field ORDER BY n',
    );
    const forms = new Map<string, string[]>();
    for (const f of fields) {
      const l = forms.get(String(f.form)) ?? [];
      l.push(String(f.field));
      forms.set(String(f.form), l);
    }
    let events: { id: string; label: string; forms: string[] }[] = [];
    try {
      events = (await studyOfStore(c.store)).def.events.map((e) => ({ id: e.id, label: e.label, forms: e.forms }));
    } catch {
      // A study this build does not ship and whose file the store was not given: the event is typed by hand.
    }
    return {
      subjects: subjects.map((s) => ({ id: String(s.subject_id), site: String(s.site) })),
      events,
      forms: [...forms].map(([id, f]) => ({ id, fields: f })),
    };
  },
  'sponsor.queries': async (_i, c) => listQueries(c.store),
  'sponsor.raiseQuery': async (i, c) => raiseQuery(c.store, { ...i, by: author(c) }, c.now()),
  'sponsor.setQueryStatus': async (i, c) => {
    await setQueryStatus(c.store, i.id, i.to, i.text, c.now(), author(c));
    return { ok: true as const };
  },
  'sponsor.queriesFile': async (i, c) => queriesFileText(c.store, i.site, c.now()),
};

export async function openSponsorMode(storePath: string, o: SponsorModeOptions = {}): Promise<SponsorMode> {
  const store = await Store.open(storePath);
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const ctx: Ctx = { store, user: null, now: o.clock ?? (() => new Date()) };
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function run(channel: unknown, raw: unknown): Promise<IpcResult<unknown>> {
    const name = isSponsorChannel(channel) ? channel : '(unknown)';
    try {
      if (closed) throw new CrfError({ code: 'SESSION', message: 'The store is closed' });
      if (!isSponsorChannel(channel)) {
        const shown = typeof channel === 'string' ? channel.slice(0, 64) : typeof channel;
        throw new CrfError({
          code: 'NOT_FOUND',
          field: 'channel',
          rule: 'channel',
          message: `There is no channel ${shown} in sponsor mode`,
        });
      }
      const def = sponsorContract[channel];
      const input = parseInput(def.input, raw);
      const value = await (handlers[channel] as (i: unknown, c: Ctx) => Promise<unknown>)(input, ctx);
      if (o.checkOutput) {
        const r = def.output.safeParse(value);
        if (!r.success) {
          log(
            `[sitecrf] output of ${channel} does not match its schema: ${r.error.issues
              .slice(0, 5)
              .map((x) => `${x.path.join('.')} ${x.code}`)
              .join('; ')}`,
          );
          return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
        }
      }
      return { ok: true, value };
    } catch (e) {
      if (isCrfError(e)) return { ok: false, error: e.toData() };
      log(`[sitecrf] internal error on ${name}: ${describeInternal(e)}`);
      return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
    }
  }

  return {
    storePath,
    call(channel, input) {
      const next = queue.then(() => run(channel, input));
      queue = next.catch(() => undefined);
      return next;
    },
    bodyLimit: (channel) =>
      channel === 'sponsor.import' ? Math.ceil(MAX_WORKBOOK_BYTES / 3) * 4 + ENVELOPE_BYTES : SMALL_BODY_BYTES,
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      store.close();
    },
  };
}
