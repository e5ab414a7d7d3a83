/**
 * forms.context (issue 15): one call gives a form screen what it needed 1 + N calls for, with
 * the same answers as forms.get, casebook.get and drafts.get, and no field a role may not see.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../main/ipc/app-state';
import { loginAs, must, siteWithUsers } from '../support/ipc';
import { SACRO_CASE } from './site-fixture';

let dir: string;
let state: AppState;
let subjectId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-context-'));
  ({ state } = await siteWithUsers(dir));
  await loginAs(state, 'coordinator');
  ({ subjectId } = await must(state, 'subjects.register', {}));
  const save = (event: string, form: string, values: object) =>
    must(state, 'forms.save', { subjectId, event, form, instance: 1, values, status: 'complete' });
  await save('screening', 'REG', SACRO_CASE.REG);
  await save('screening', 'BASE', SACRO_CASE.BASE);
  await save('procedure', 'PROC', SACRO_CASE.PROC);
  await must(state, 'drafts.keep', {
    subjectId,
    event: 'procedure',
    form: 'PROC',
    instance: 1,
    values: { needles: 3 },
    baseVersion: 1,
  });
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const key = { event: 'procedure', form: 'PROC', instance: 1 };

describe('forms.context', () => {
  it('answers as forms.get, casebook.get and drafts.get do, with the other forms opened once', async () => {
    const c = await must(state, 'forms.context', { subjectId, ...key });
    expect(c.state).toEqual(await must(state, 'forms.get', { subjectId, ...key }));
    expect(c.view).toEqual(await must(state, 'casebook.get', { subjectId }));
    expect(c.draft).toEqual(await must(state, 'drafts.get', { subjectId, ...key }));
    expect(c.draft.values.needles).toBe(3);
    expect(c.others.map((f: { form: string }) => f.form).sort()).toEqual(['BASE', 'REG']);
    const reg = c.others.find((f: { form: string }) => f.form === 'REG');
    expect(reg.values).toEqual((await must(state, 'forms.get', { subjectId, event: 'screening', form: 'REG' })).values);
    expect(reg.values.last_name).toBe('Quackenbush');
    expect(c.engineInstance).toBe(1);
  });

  it('gives a monitor no identifier of the other forms and no draft', async () => {
    await loginAs(state, 'monitor');
    const c = await must(state, 'forms.context', { subjectId, ...key });
    const reg = c.others.find((f: { form: string }) => f.form === 'REG');
    expect(reg.values.last_name).toBeUndefined();
    expect(reg.values.mrn).toBeUndefined();
    expect(JSON.stringify(c)).not.toMatch(/Quackenbush|QX-778812|555-0142/);
    expect(c.draft).toBeNull();
    await loginAs(state, 'coordinator');
  });

  it('numbers a new instance of a repeating form after the saved ones', async () => {
    const c = await must(state, 'forms.context', { subjectId, event: 'ae', form: 'AE', instance: 0 });
    expect(c.state).toBeNull();
    expect(c.engineInstance).toBe(1);
  });
});
