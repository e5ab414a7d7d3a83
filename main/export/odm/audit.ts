/**
 * The Transactional ODM file: one AuditRecord per change of a form value in the audit trail, up
 * to the export's cut-off. Like the workbook's Changes sheet it says who, when, what and why in
 * codes, never the old or new value nor the free-text reason, which may hold PHI. The trail can
 * hold millions of rows: they are read with an iterator and each record is handed on as it is
 * made, so none is kept.
 */
import type { Study } from '../../../shared/protocol/load';
import type { ExportLayout } from '../layout';
import type { Snapshot } from '../source';
import { YIELD_EVERY, yieldToEventLoop } from '../yield';
import { esc, oid } from './xml';

/** Audit records per turn given to the event loop: a record costs far less than a subject. */
const RECORDS_PER_YIELD = YIELD_EVERY * 50;

export interface AuditRow {
  id: number;
  at: string;
  user: string;
  subject_id: string;
  event: string;
  form: string;
  instance: number | null;
  field: string;
  was_blank: number;
  now_blank: number;
  has_reason: number;
}

/** The audit trail's changes of a form value up to the snapshot's last row, one at a time. */
export function valueChanges(snap: Snapshot): IterableIterator<AuditRow> {
  return snap.db
    .prepare(
      `SELECT id, at, user, subject_id, event, form, instance, field,
              (old_value IS NULL OR old_value IN ('null', '""', '[]')) AS was_blank,
              (new_value IS NULL OR new_value IN ('null', '""', '[]')) AS now_blank,
              (reason IS NOT NULL AND trim(reason) != '') AS has_reason
       FROM audit WHERE action = 'form.value' AND id <= ? AND subject_id IS NOT NULL
         AND event IS NOT NULL AND form IS NOT NULL AND field IS NOT NULL ORDER BY id`,
    )
    .iterate(snap.lastAuditId) as IterableIterator<AuditRow>;
}

/** ` NAME="value"`, or nothing for an empty value, as el() writes an attribute. */
const attr = (name: string, value: string | number | undefined): string =>
  value === undefined || value === '' ? '' : ` ${name}="${esc(String(value))}"`;

/**
 * What a record of one field of one form in one event shares with every other such record: the
 * trail repeats a few hundred of these over millions of rows, so each is made once. The record
 * is the same XML el() would make, in one template.
 */
interface Where {
  event: string;
  /** `<FormData FormOID="…"` up to its repeat key */
  form: string;
  repeating: boolean;
  /** from after the repeat key to `TransactionType="` of the ItemData */
  item: string;
}

function whereOf(study: Study, itemOf: ReadonlyMap<string, string>, r: AuditRow): Where | null {
  const item = itemOf.get(`${r.form}.${r.field}`);
  // A field the profile drops has no item to hang a record on, and its change stays at the site.
  if (!item || !study.hasForm(r.form) || !study.hasEvent(r.event)) return null;
  return {
    event: `<StudyEventData${attr('StudyEventOID', oid.event(r.event))} TransactionType="Context">`,
    form: `<FormData${attr('FormOID', oid.form(r.form))}`,
    repeating: study.form(r.form).repeating || study.event(r.event).repeating,
    item:
      ` TransactionType="Context"><ItemGroupData${attr('ItemGroupOID', oid.group(r.form))} TransactionType="Context">` +
      `<ItemData${attr('ItemOID', item)} TransactionType="`,
  };
}

const CLOSE = '</AuditRecord></ItemData></ItemGroupData></FormData></StudyEventData></SubjectData>';

/** Each AuditRecord's SubjectData goes to `emit` in audit-trail order; returns the counts. */
export async function writeAuditRecords(
  study: Study,
  layout: ExportLayout,
  snap: Snapshot,
  site: string,
  emit: (xml: string) => void,
): Promise<{ records: number; skipped: number }> {
  const itemOf = new Map<string, string>();
  for (const sh of layout.sheets)
    for (const c of sh.columns)
      if (sh.form && c.source.kind === 'value' && !itemOf.has(`${sh.form}.${c.source.field.id}`))
        itemOf.set(`${sh.form}.${c.source.field.id}`, oid.item(sh.form, c.code));
  const wheres = new Map<string, Where | null>();
  const users = new Map<string, string>();
  const location = `<LocationRef${attr('LocationOID', oid.site(site))}/>`;
  let records = 0;
  let skipped = 0;
  for (const r of valueChanges(snap)) {
    const key = `${r.event}\u0000${r.form}\u0000${r.field}`;
    let where = wheres.get(key);
    if (where === undefined) wheres.set(key, (where = whereOf(study, itemOf, r)));
    if (!where) {
      skipped++;
      continue;
    }
    let user = users.get(r.user);
    if (user === undefined) users.set(r.user, (user = `<UserRef${attr('UserOID', oid.user(r.user))}/>`));
    const tx = r.was_blank ? 'Insert' : r.now_blank ? 'Remove' : 'Update';
    emit(
      `<SubjectData${attr('SubjectKey', r.subject_id)} TransactionType="Context">${where.event}${where.form}` +
        `${where.repeating ? attr('FormRepeatKey', r.instance ?? 1) : ''}${where.item}${tx}">` +
        `<AuditRecord ID="AR.${r.id}" EditPoint="DBAudit">${user}${location}` +
        `<DateTimeStamp>${esc(r.at)}</DateTimeStamp>` +
        `<ReasonForChange>${r.has_reason ? 'correction' : 'data_entry'}</ReasonForChange>` +
        `<SourceID>SiteCRF audit trail row ${r.id}</SourceID>${CLOSE}`,
    );
    // The screen's host answers other calls while a long trail is written.
    if (++records % RECORDS_PER_YIELD === 0) await yieldToEventLoop();
  }
  return { records, skipped };
}
