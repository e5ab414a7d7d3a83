/**
 * Errors where the eye is (issue 11): main's refusal of a cross-form rule names the field of the
 * saved form the rule reads; a draft kept with invalid values holds them as typed, encrypted, and
 * they reach neither the form instance nor the audit of saved values — on a real encrypted file,
 * reopened.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppState, type AppState } from '../../main/ipc/app-state';
import { CHEAP_KDF, call, loginAs, must, siteWithUsers } from '../support/ipc';

let dir: string;
let state: AppState;
let subjectId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-form-errors-'));
  ({ state } = await siteWithUsers(dir));
  await loginAs(state, 'coordinator');
  ({ subjectId } = await must(state, 'subjects.register', {}));
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const BASE = { event: 'screening', form: 'BASE', instance: 1 };

describe('a refused cross-form rule', () => {
  it('names the field of the saved form the rule reads (no date in the future)', async () => {
    const r = await call(state, 'forms.save', {
      subjectId,
      ...BASE,
      values: { baseline_date: '2099-01-01', vas_pre: 5 },
      status: 'draft',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.field).toBe('baseline_date');
    expect(r.error.issues).toEqual([
      {
        event: 'screening',
        form: 'BASE',
        instance: 1,
        field: 'baseline_date',
        rule: 'dates_not_future',
        severity: 'error',
        message: 'No date of a subject may be in the future.',
      },
    ]);
  });
});

describe('a draft kept with invalid values', () => {
  const MARK = 'Zq9-notanumber';
  const typed = { baseline_date: '13/45/2025', vas_pre: MARK, analgesic: ['NONE', 'APAP'], ambulation: 'AID' };

  it('is refused as a form instance, kept as typed as a draft, and survives a reopen', async () => {
    const refused = await call(state, 'forms.save', { subjectId, ...BASE, values: typed, status: 'draft' });
    expect(refused.ok).toBe(false);
    await must(state, 'drafts.keep', { subjectId, ...BASE, values: typed, baseVersion: 0 });
    state.session?.close();
    state = createAppState({ dataDir: dir, kdf: CHEAP_KDF });
    await loginAs(state, 'coordinator');
    const ctx = await must(state, 'forms.context', { subjectId, ...BASE });
    // No form instance was written: the form is as empty as before.
    expect([ctx.state.version, ctx.state.status, ctx.state.values]).toEqual([0, 'empty', {}]);
    expect(ctx.draft.values).toEqual(typed);
    expect(ctx.draft.differs.sort()).toEqual(['ambulation', 'analgesic', 'baseline_date', 'vas_pre']);
  });

  it('reaches neither a form nor the audit, and the file holds it encrypted', async () => {
    await loginAs(state, 'admin');
    const audit = await must(state, 'audit.list', { subjectId, pageSize: 500 });
    expect(audit.rows.filter((a: { action: string }) => a.action.startsWith('form.'))).toEqual([]);
    expect(JSON.stringify(audit)).not.toContain(MARK);
    const casebook = await must(state, 'casebook.get', { subjectId });
    expect(JSON.stringify(casebook)).not.toContain(MARK);
    state.session?.close();
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(Buffer.from(MARK)), f).toBe(false);
      expect(bytes.includes(Buffer.from('13/45/2025')), f).toBe(false);
    }
  });
});
