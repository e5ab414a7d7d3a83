/**
 * Issue 11: after a monitor verifies, the form still says who saved its data, and separately who
 * verified it; an edit after the verification is a new save and the verification is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getForm } from '../../main/services/forms';
import { saveForm } from '../../main/services/save-form';
import type { SiteSession } from '../../main/services/session';
import { registerSubject } from '../../main/services/subjects';
import { verifyForms } from '../../main/services/workflow';
import { makeSite, SACRO_CASE, type Site } from './site-fixture';

let site: Site;
let c: SiteSession, m: SiteSession;
let subjectId: string;
const BASE = { event: 'screening', form: 'BASE' } as const;

beforeAll(() => {
  site = makeSite();
  c = site.login('coordinator');
  m = site.login('monitor');
  subjectId = registerSubject(c).subjectId;
});
afterAll(() => {
  c.close();
  m.close();
  site.cleanup();
});

describe('the form header’s provenance', () => {
  it('names the coordinator who saved and the monitor who verified, each with its time', () => {
    const saved = saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' }).form;
    expect(saved.saved?.by).toBe('coordinator');
    expect(verifyForms(m, { subjectId }).verified).toBe(1);
    for (const who of [c, m]) {
      const f = getForm(who, { subjectId, ...BASE });
      expect(f.status).toBe('verified');
      // The row was last changed by the monitor; the data was saved by the coordinator.
      expect(f.updatedBy).toBe('monitor');
      expect(f.saved).toEqual({ at: saved.saved!.at, by: 'coordinator' });
      expect(f.verified?.by).toBe('monitor');
      expect(f.verified!.at >= saved.saved!.at).toBe(true);
    }
  });

  it('an edit after the verification is a new save, and no verification is claimed', () => {
    saveForm(c, {
      subjectId,
      ...BASE,
      values: { ...SACRO_CASE.BASE, vas_pre: SACRO_CASE.BASE.vas_pre === 8 ? 9 : 8 },
      status: 'complete',
      reason: 'Corrected from the chart',
    });
    const f = getForm(m, { subjectId, ...BASE });
    expect(f.status).toBe('complete');
    expect(f.saved?.by).toBe('coordinator');
    expect(f.verified).toBeNull();
  });

  it('a form never saved has neither', () => {
    const f = getForm(c, { subjectId, event: 'procedure', form: 'PROC' });
    expect(f.saved).toBeNull();
    expect(f.verified).toBeNull();
  });
});
