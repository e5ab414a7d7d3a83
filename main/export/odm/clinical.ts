/**
 * One subject's ClinicalData from the export's de-identified rows: the same cells the workbook
 * writes, so a value the profile drops or transforms is dropped or transformed here too. A
 * missing-data code is ItemData IsNull="Yes" flagged with the SiteCRF missing-data code list.
 * Each form instance goes to the MetaDataVersion it was last saved under (versions.ts).
 */
import type { Study } from '../../../shared/protocol/load';
import type { FormKey } from '../../../shared/protocol/casebook';
import { isMissing } from '../../../shared/protocol/values';
import type { Cell, ExportLayout } from '../layout';
import type { SummarySubject } from '../summary';
import type { OdmVersion } from './versions';
import { el, oid, text } from './xml';

/** The subject's SubjectData per version OID (only versions holding some of its forms). */
export function subjectData(
  study: Study,
  layout: ExportLayout,
  subject: SummarySubject,
  sheets: Map<string, readonly (readonly Cell[])[]>,
  versions: readonly OdmVersion[],
): Map<string, string> {
  const current = versions[versions.length - 1]!;
  const byName = new Map(versions.map((v) => [v.version, v]));
  const versionOf = (k: FormKey): OdmVersion => {
    const saved = subject.formStatuses.find(
      (f) => f.event === k.event && f.form === k.form && f.instance === k.instance,
    );
    // A version the database no longer defines cannot happen (amendments only add): the running one then.
    return (saved?.version && byName.get(saved.version)) || current;
  };
  const casebook = subject.casebook;
  // version OID → event → FormData
  const byVersion = new Map<string, Map<string, string[]>>();
  for (const sheet of layout.sheets) {
    if (!sheet.form || !sheet.event) continue;
    const rows = sheets.get(sheet.name) ?? [];
    const instCol = sheet.columns.findIndex((c) => c.source.kind === 'instance');
    for (const row of rows) {
      const instance = instCol >= 0 ? Number(row[instCol]) : 1;
      const key = { event: sheet.event, form: sheet.form, instance };
      const rec = casebook.forms.find((f) => f.form === key.form && f.event === key.event && f.instance === instance);
      const v = versionOf(key);
      const items: string[] = [];
      sheet.columns.forEach((c, i) => {
        if (c.source.kind === 'subject' || c.source.kind === 'instance') return;
        const itemOid = oid.item(sheet.form!, c.code);
        // An item its version does not define (a field added later) was not collected under it.
        if (!v.items.has(itemOid)) return;
        const raw = c.source.kind === 'value' ? rec?.values[c.source.field.id] : undefined;
        if (raw !== undefined && isMissing(raw)) {
          items.push(
            el(
              'ItemData',
              { ItemOID: itemOid, IsNull: 'Yes' },
              el(
                'Annotation',
                { SeqNum: 1 },
                text('Comment', `SiteCRF missing-data code ${raw.missing}`),
                el('Flag', {}, text('FlagValue', raw.missing, { CodeListOID: oid.missing })),
              ),
            ),
          );
          return;
        }
        const value = row[i];
        if (value === null || value === undefined || value === '') return;
        items.push(el('ItemData', { ItemOID: itemOid, Value: String(value) }));
      });
      const repeating = study.form(sheet.form).repeating || study.event(sheet.event).repeating;
      const form = el(
        'FormData',
        { FormOID: oid.form(sheet.form), FormRepeatKey: repeating ? instance : undefined },
        el('ItemGroupData', { ItemGroupOID: oid.group(sheet.form) }, ...items),
      );
      const events = byVersion.get(v.oid) ?? new Map<string, string[]>();
      byVersion.set(v.oid, events);
      events.set(sheet.event, [...(events.get(sheet.event) ?? []), form]);
    }
  }
  const out = new Map<string, string>();
  // A subject with no form yet is registered under the running version.
  if (byVersion.size === 0) byVersion.set(current.oid, new Map());
  for (const v of versions) {
    const byEvent = byVersion.get(v.oid);
    if (!byEvent) continue;
    const events = study.def.events
      .filter((e) => byEvent.has(e.id))
      .map((e) => el('StudyEventData', { StudyEventOID: oid.event(e.id) }, ...byEvent.get(e.id)!));
    out.set(v.oid, el('SubjectData', { SubjectKey: casebook.subjectId }, ...events));
  }
  return out;
}
