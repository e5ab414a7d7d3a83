/**
 * The Changes sheet: every change of a form value since the previous submission (audit rows
 * after its last audit id, up to this export's cut-off). It says what changed and why in codes,
 * never the old or new value: a value of a PHI field must not leave through the audit trail.
 */
import { daysBetween, isIsoDate, todayIso } from '../../shared/dates';
import { daysFromText } from '../../shared/protocol/knowledge';
import type { Study } from '../../shared/protocol/load';
import { sheetNameOf, type Cell } from './layout';
import type { SheetSource } from './sheet-source';
import type { Snapshot } from './source';

interface ChangeRow {
  id: number;
  at: string;
  subject_id: string;
  event: string | null;
  form: string | null;
  instance: number | null;
  field: string | null;
  was_blank: number;
  now_blank: number;
  has_reason: number;
  idx: string | null;
}

/**
 * `sinceAuditId` null: the first submission. The sponsor has nothing to compare with, every value
 * is new and already in the data sheets, so no change is listed (the Cover says so) rather than
 * repeating the whole audit trail of the site's history (600,000 rows for 10,000 subjects).
 */
export function changesSheet(study: Study, snap: Snapshot, sinceAuditId: number | null): SheetSource {
  const idx = study.def.indexDate;
  return {
    name: 'Changes',
    columns: [
      { code: 'audit_id', label: 'Audit trail row', numFmt: '0' },
      { code: 'subject_id', label: 'Subject ID' },
      { code: 'sheet', label: 'Sheet' },
      { code: 'form', label: 'Form' },
      { code: 'event', label: 'Event' },
      { code: 'instance', label: 'Instance number', numFmt: '0' },
      { code: 'field', label: 'Field code (protocol)' },
      { code: 'change', label: 'Change type (new / modified / deleted)' },
      { code: 'reason_code', label: 'Reason code (data_entry / correction)' },
      { code: 'change_day', label: `Day of the change (${daysFromText(study)})`, numFmt: '0' },
    ],
    *rows(): Iterable<Cell[]> {
      if (sinceAuditId === null) return;
      // Only whether a value was blank is read here; the values themselves stay in the database.
      const stmt = snap.db.prepare(
        `SELECT a.id, a.at, a.subject_id, a.event, a.form, a.instance, a.field,
                (a.old_value IS NULL OR a.old_value IN ('null', '""', '[]')) AS was_blank,
                (a.new_value IS NULL OR a.new_value IN ('null', '""', '[]')) AS now_blank,
                (a.reason IS NOT NULL AND trim(a.reason) != '') AS has_reason,
                json_extract(pf.data, '$.' || ?) AS idx
         FROM audit a JOIN subjects s ON s.subject_id = a.subject_id
         LEFT JOIN forms pf ON pf.subject = s.id AND pf.form = ? AND (? IS NULL OR pf.event = ?) AND pf.instance = 1
         WHERE a.action = 'form.value' AND a.id > ? AND a.id <= ? ORDER BY a.id`,
      );
      const ev = idx.event ?? null;
      // Day offsets of the same subject and day repeat for every field of a save: computed once.
      let lastKey = '';
      let lastDay: number | null = null;
      for (const r of stmt.iterate(
        idx.field,
        idx.form,
        ev,
        ev,
        sinceAuditId,
        snap.lastAuditId,
      ) as IterableIterator<ChangeRow>) {
        const key = `${r.idx}|${r.at}`;
        if (key !== lastKey) {
          lastKey = key;
          lastDay = typeof r.idx === 'string' && isIsoDate(r.idx) ? daysBetween(r.idx, todayIso(new Date(r.at))) : null;
        }
        const day = lastDay;
        const change = r.was_blank ? 'new' : r.now_blank ? 'deleted' : 'modified';
        const sheet = r.form && r.event && study.hasForm(r.form) ? sheetNameOf(study, r.form, r.event) : null;
        // The reason's words may name the patient: only its category leaves.
        yield [
          r.id,
          r.subject_id,
          sheet,
          r.form,
          r.event,
          r.instance,
          r.field,
          change,
          r.has_reason ? 'correction' : 'data_entry',
          day,
        ];
      }
    },
  };
}
