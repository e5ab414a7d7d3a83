/**
 * Issue 10's save-path cost: a free text's redacted copy (what a monitor reads) is made when
 * the text is saved, and kept, without scanning again, while neither the text nor the subject's
 * identifiers it was made with change. A changed text, a corrected identifier on REG or a key
 * rotation still makes a new copy. On a real encrypted file, with the real PHI scanner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phiRedactor } from '../../main/export/free-text-redactor';
import { listAudit } from '../../main/services/audit-view';
import { getForm } from '../../main/services/forms';
import { saveForm } from '../../main/services/save-form';
import { setFreeTextRedactor } from '../../main/services/identifier-values';
import type { SiteSession } from '../../main/services/session';
import { registerSubject } from '../../main/services/subjects';
import { setUserActive } from '../../main/services/users';
import { makeSite, rawConnection, SACRO_CASE, type Site } from './site-fixture';

/** Only the subject's own matcher finds "66 55 44": it is the number of the MRN QX-665544. */
const NOTE = 'Chart ref 66 55 44 checked, son Jose called from 631-555-0123';

let site: Site;
let subjectId: string;
let scans = 0;

// The real scanner, counted: a kept copy must not have cost a scan.
setFreeTextRedactor({
  prepare(study, casebook) {
    const p = phiRedactor.prepare(study, casebook);
    return {
      context: p.context,
      redact: (text) => {
        scans++;
        return p.redact(text);
      },
    };
  },
});

function storedNotes(): { $enc: string; $red: string; $ctx: string } {
  const db = rawConnection(site.path);
  try {
    const row = db.prepare(`SELECT data FROM forms WHERE form = 'PROC'`).get() as { data: string };
    return (JSON.parse(row.data) as Record<string, { $enc: string; $red: string; $ctx: string }>).proc_notes!;
  } finally {
    db.close();
  }
}

function monitorSees(): string {
  const m = site.login('monitor');
  try {
    return String(getForm(m, { subjectId, event: 'procedure', form: 'PROC' }).values.proc_notes);
  } finally {
    m.close();
  }
}

function saveProc(c: SiteSession, values: Partial<typeof SACRO_CASE.PROC>, reason?: string): string[] {
  return saveForm(c, {
    subjectId,
    event: 'procedure',
    form: 'PROC',
    values: { ...SACRO_CASE.PROC, proc_notes: NOTE, ...values },
    status: 'complete',
    reason,
  }).changed;
}

beforeAll(() => {
  site = makeSite();
  const c = site.login('coordinator');
  subjectId = registerSubject(c).subjectId;
  saveForm(c, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
  saveForm(c, { subjectId, event: 'screening', form: 'ELIG', values: SACRO_CASE.ELIG, status: 'complete' });
  saveProc(c, {});
  c.close();
});
afterAll(() => {
  setFreeTextRedactor(phiRedactor);
  site.cleanup();
});

describe('the redacted copy of a free text at save time', () => {
  it('is made when the text is first saved', () => {
    expect(scans).toBe(1);
    const shown = monitorSees();
    expect(shown).toContain('Chart ref 66 55 44 checked');
    expect(shown).not.toContain('Jose');
    expect(shown).not.toContain('631-555-0123');
    expect(storedNotes().$ctx).toMatch(/^[\w-]{22}$/);
  });

  it('is kept, with its sealed text, when a save leaves the text as it was: no scan', () => {
    const before = storedNotes();
    const c = site.login('coordinator');
    try {
      expect(saveProc(c, { cement_ml: 7 }, 'Volume re-read from the log')).toEqual(['cement_ml']);
    } finally {
      c.close();
    }
    expect(scans).toBe(1);
    expect(storedNotes()).toEqual(before);
    expect(monitorSees()).not.toContain('Jose');
    // The trail holds the one change, not the kept text.
    const a = site.login('admin');
    try {
      const rows = listAudit(a, { subjectId, action: 'form.value' }).rows.filter((r) => r.form === 'PROC');
      expect(rows.filter((r) => r.field === 'proc_notes')).toHaveLength(1);
      expect(rows.filter((r) => r.field === 'cement_ml')).toHaveLength(2);
    } finally {
      a.close();
    }
  });

  it('is made again for a changed text', () => {
    const c = site.login('coordinator');
    try {
      saveProc(c, { cement_ml: 7, proc_notes: `${NOTE}; wife Maria at 212-555-0188` }, 'Call added');
    } finally {
      c.close();
    }
    expect(scans).toBe(2);
    const shown = monitorSees();
    expect(shown).toContain('wife');
    expect(shown).not.toContain('Maria');
    expect(shown).not.toContain('212-555-0188');
  });

  it('is made again once an identifier it depends on is corrected on REG', () => {
    const c = site.login('coordinator');
    try {
      saveProc(c, { cement_ml: 7 }, 'Call note shortened');
      expect(scans).toBe(3);
      expect(monitorSees()).toContain('66 55 44');
      saveForm(c, {
        subjectId,
        event: 'screening',
        form: 'REG',
        values: { ...SACRO_CASE.REG, mrn: 'QX-665544' },
        status: 'complete',
        reason: 'MRN typo',
      });
      // Same text, but the subject's record number is now the one the note quotes.
      saveProc(c, { cement_ml: 7.5 }, 'Volume corrected');
    } finally {
      c.close();
    }
    expect(scans).toBe(4);
    const shown = monitorSees();
    expect(shown).toContain('Chart ref [REDACTED:MRN] checked');
    expect(shown).not.toContain('66 55 44');
  });

  it('is made again under the new key after a rotation, and the text is sealed under that key', () => {
    const a = site.login('admin');
    setUserActive(a, { username: 'investigator', active: false });
    a.close();
    const rotated = storedNotes();
    const c = site.login('coordinator');
    try {
      saveProc(c, { cement_ml: 8 }, 'Volume corrected again');
    } finally {
      c.close();
    }
    expect(scans).toBe(5);
    const after = storedNotes();
    // The rotation re-sealed the text under the new key already: the save keeps that sealed text.
    expect(after.$enc).toBe(rotated.$enc);
    expect(after.$ctx).not.toBe(rotated.$ctx);
    expect(monitorSees()).toContain('Chart ref [REDACTED:MRN] checked');
  });
});
