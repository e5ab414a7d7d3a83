/**
 * casebook.get carries the signature history: an edit after signing voids the signature (with
 * who, when and why), signing again adds a second one, and both stay on the record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../main/ipc/app-state';
import { PASSWORD, USERS, loginAs, must, siteWithUsers } from '../support/ipc';
import { SIGNATURE_MEANING } from '../../shared/signature';
import { SACRO_VALID } from '../fixtures/protocols/sacro-casebook';

let dir: string;
let state: AppState;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-sigs-'));
  ({ state } = await siteWithUsers(dir));
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signature history in casebook.get', () => {
  it('keeps a voided signature, with its reason, under the one in force', async () => {
    await loginAs(state, 'coordinator');
    const { subjectId } = await must(state, 'subjects.register', {});
    const reg = { subjectId, event: 'screening', form: 'REG', instance: 1 };
    await must(state, 'forms.save', { ...reg, values: SACRO_VALID.REG.values, status: 'complete' });
    expect(await must(state, 'casebook.get', { subjectId })).toMatchObject({ signature: null, signatures: [] });

    await loginAs(state, 'investigator');
    const first = await must(state, 'workflow.sign', { subjectId, password: PASSWORD });
    let view = await must(state, 'casebook.get', { subjectId });
    expect(view.signature).toEqual(first);
    expect(view.signatures).toEqual([
      { ...first, id: expect.any(Number), voidedAt: null, voidedBy: null, voidReason: null },
    ]);

    await loginAs(state, 'coordinator');
    const saved = await must(state, 'forms.save', {
      ...reg,
      values: { ...SACRO_VALID.REG.values, sex: 'M' },
      status: 'complete',
      reason: 'transcription error',
    });
    expect(saved.signatureVoided).toBe(true);
    view = await must(state, 'casebook.get', { subjectId });
    expect(view.signature).toBeNull();
    expect(view.signatures).toHaveLength(1);
    expect(view.signatures[0]).toMatchObject({
      signedAt: first.signedAt,
      voidedBy: USERS.coordinator,
      voidReason: 'REG edited: transcription error',
    });
    expect(Date.parse(view.signatures[0].voidedAt)).toBeGreaterThanOrEqual(Date.parse(first.signedAt));

    await loginAs(state, 'investigator');
    const second = await must(state, 'workflow.sign', { subjectId, password: PASSWORD });
    // The monitor reads the same history (no identifiers in it).
    await loginAs(state, 'monitor');
    view = await must(state, 'casebook.get', { subjectId });
    expect(view.signature).toEqual(second);
    expect(view.signatures).toHaveLength(2);
    const [now, before] = view.signatures;
    expect(now).toMatchObject({ ...second, voidedAt: null, voidedBy: null, voidReason: null });
    expect(before).toMatchObject({
      signedAt: first.signedAt,
      fullName: first.fullName,
      role: 'investigator',
      meaning: SIGNATURE_MEANING,
      voidedBy: USERS.coordinator,
      voidReason: 'REG edited: transcription error',
    });
    expect(before.voidedAt).not.toBeNull();
    expect(now.id).toBeGreaterThan(before.id);
  });
});
