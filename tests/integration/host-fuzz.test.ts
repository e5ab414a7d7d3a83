/**
 * Every channel of the contract, fuzzed over real HTTP with malformed input: each call gets a
 * typed result (never INTERNAL, never a dropped connection), a refused call leaves the
 * database exactly as it was, and the host answers a health call afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { ROLES, type Role } from '../../shared/roles';
import { startHost, type Host } from '../../main/host/server';
import { api } from '../support/host';
import { CHEAP_KDF, digestDatabase, loginAs, must, sampleInputs, siteWithUsers, type SampleIds } from '../support/ipc';
import { SACRO_VALID } from '../fixtures/protocols/sacro-casebook';

const SEED = Number(process.env.FUZZ_SEED ?? 4_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

let dir: string;
let host: Host;
let ids: SampleIds;
let spare: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-fuzz-'));
  host = await startHost({ dataDir: dir, kdf: CHEAP_KDF, checkOutput: true, log: (l) => logged.push(l) });
  await siteWithUsers(dir, host.state);
  await loginAs(host.state, 'coordinator');
  const subject = await must(host.state, 'subjects.register', {});
  await must(host.state, 'forms.save', {
    subjectId: subject.subjectId,
    event: 'screening',
    form: 'REG',
    instance: 1,
    values: SACRO_VALID.REG.values,
    status: 'complete',
  });
  await must(host.state, 'forms.save', {
    subjectId: subject.subjectId,
    event: 'screening',
    form: 'ELIG',
    instance: 1,
    values: SACRO_VALID.ELIG.values,
    status: 'draft',
  });
  const q = await must(host.state, 'queries.open', {
    subjectId: subject.subjectId,
    event: 'screening',
    form: 'REG',
    field: 'sex',
    text: 'Please check',
  });
  ids = { subjectId: subject.subjectId, queryId: q.id };
  // A valid withdrawal must not end the fuzzing of the first subject's forms.
  spare = (await must(host.state, 'subjects.register', {})).subjectId;
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const HUGE = 'x'.repeat(1_000_000);
// fast-check favours '__proto__' and friends in generated strings; they have their own case below.
const POISON = new Set(['__proto__', 'constructor', 'prototype']);
const str = (o: { minLength?: number; maxLength: number }) => fc.string(o).filter((x) => !POISON.has(x));
const poisoned = fc
  .constantFrom('{"__proto__":{"x":1}}', '{"a":{"constructor":{"prototype":{"x":1}}}}')
  .map((t) => JSON.parse(t) as unknown);
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      -0,
      1.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      '',
      ' ',
      HUGE,
      '2026-02-30',
      '2026-13-01',
      '0000-00-00',
      '9999-99-99',
      '2026-02-29',
      '1900-02-29',
      'NaN',
      '\u0000',
      '\u202e\u0000\ud800',
      'MMC-0001',
      'MMC-9999',
      "'; DROP TABLE subjects; --",
      '../../etc/passwd',
      [],
      {},
      [null],
      { missing: 'NA' },
      { missing: 'XX' },
      { missing: HUGE },
    ),
  },
  { weight: 1, arbitrary: poisoned },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: str({ maxLength: 50 }) },
  { weight: 1, arbitrary: fc.array(str({ maxLength: 10 }), { maxLength: 60 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
);

type Obj = Record<string, unknown>;
const withKey = (o: Obj, k: string, v: unknown): Obj => {
  const out: Obj = {};
  for (const [kk, vv] of Object.entries(o))
    Object.defineProperty(out, kk, { value: vv, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
};
const withoutKey = (o: Obj, k: string): Obj => Object.fromEntries(Object.entries(o).filter(([kk]) => kk !== k));

const REG_FIELDS = Object.keys(SACRO_VALID.REG.values);

/** Malformed inputs built around a valid one, so that most reach deep into the checks. */
function inputsFor(valid: Obj): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('x');
  return fc.oneof(
    { arbitrary: nasty, weight: 1 },
    { arbitrary: fc.tuple(key, nasty).map(([k, v]) => withKey(valid, k, v)), weight: 4 },
    { arbitrary: key.map((k) => withoutKey(valid, k)), weight: 1 },
    {
      arbitrary: fc.tuple(str({ minLength: 1, maxLength: 12 }), nasty).map(([k, v]) => withKey(valid, k, v)),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom('__proto__', 'constructor', 'prototype')
        .map((k) => withKey(valid, k, { polluted: true })),
      weight: 1,
    },
    { arbitrary: fc.tuple(key, fc.jsonValue({ maxDepth: 8 })).map(([k, v]) => withKey(valid, k, v)), weight: 1 },
    // Shape-valid values with junk inside: reaches the services' own validation.
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...REG_FIELDS), nasty)
        .map(([f, v]) =>
          'values' in valid ? withKey(valid, 'values', withKey(valid.values as Obj, f, v)) : withKey(valid, f, v),
        ),
      weight: 'values' in valid ? 6 : 1,
    },
  );
}

async function fuzzChannel(channel: Channel, runs: number): Promise<void> {
  const valid = sampleInputs(channel === 'subjects.withdraw' ? { ...ids, subjectId: spare } : ids)[channel] as Obj;
  await fc.assert(
    fc.asyncProperty(inputsFor(valid), async (input) => {
      const db = host.state.session!.db;
      const before = digestDatabase(db);
      const r = await api(host.port, host.token, channel, input);
      if (process.env.FUZZ_STATS)
        console.log(
          'STAT',
          channel,
          r.json.ok ? 'ok' : `${r.json.error.code}/${r.json.error.rule ?? ''}`,
          JSON.stringify(input)?.slice(0, 150),
        );
      expect([200, 413]).toContain(r.status);
      expect(typeof r.json.ok).toBe('boolean');
      if (r.json.ok) return;
      expect(r.json.error.code, JSON.stringify(r.json.error).slice(0, 300)).not.toBe('INTERNAL');
      expect(typeof r.json.error.code).toBe('string');
      expect(r.json.error.message.length).toBeGreaterThan(0);
      expect(digestDatabase(db), `${channel} changed the database and answered ${r.json.error.code}`).toBe(before);
    }),
    { numRuns: runs, seed: SEED + channel.length },
  );
}

const dataChannels = CHANNELS.filter((c) => !c.startsWith('auth.'));

describe('fuzzing every channel over HTTP', () => {
  for (const role of ROLES) {
    it(`${role}: malformed input is refused with a typed error and changes nothing`, async () => {
      await loginAs(host.state, role as Role);
      for (const c of dataChannels) await fuzzChannel(c, role === 'coordinator' ? RUNS : Math.ceil(RUNS / 3));
      expect((await api(host.port, host.token, 'app.status', {})).json.ok).toBe(true);
      expect(logged).toEqual([]);
      // Every channel × many inputs: minutes on a loaded 2-core machine, and a timed-out run
      // leaves an export running that refuses the next role's login.
    }, 300_000);
  }

  it('auth channels: typed errors, and the host stays up', async () => {
    const valid = sampleInputs(ids);
    for (const c of CHANNELS.filter((c) => c.startsWith('auth.'))) {
      await fc.assert(
        fc.asyncProperty(inputsFor(valid[c] as Obj), async (input) => {
          const r = await api(host.port, host.token, c, input);
          expect([200, 413]).toContain(r.status);
          if (!r.json.ok) expect(r.json.error.code).not.toBe('INTERNAL');
        }),
        { numRuns: RUNS, seed: SEED },
      );
    }
    const status = (await api(host.port, host.token, 'app.status', {})).json;
    expect(status.ok).toBe(true);
    expect(status.value.databases).toContain('mmc');
    expect(logged).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
