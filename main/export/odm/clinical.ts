/**
 * One subject's ClinicalData from the export's de-identified rows: the same cells the workbook
 * writes, so a value the profile drops or transforms is dropped or transformed here too. A
 * missing-data code is ItemData IsNull="Yes" flagged with the SiteCRF missing-data code list.
 */
import type { Study } from '../../../shared/protocol/load';
import type { Casebook } from '../../../shared/protocol/casebook';
import { isMissing } from '../../../shared/protocol/values';
import type { Cell, ExportLayout } from '../layout';
import { el, oid, text } from './xml';

export function subjectData(
  study: Study,
  layout: ExportLayout,
  casebook: Casebook,
  sheets: Map<string, readonly (readonly Cell[])[]>,
): string {
  const byEvent = new Map<string, string[]>();
  for (const sheet of layout.sheets) {
    if (!sheet.form || !sheet.event) continue;
    const rows = sheets.get(sheet.name) ?? [];
    const instCol = sheet.columns.findIndex((c) => c.source.kind === 'instance');
    for (const row of rows) {
      const instance = instCol >= 0 ? Number(row[instCol]) : 1;
      const rec = casebook.forms.find(
        (f) => f.form === sheet.form && f.event === sheet.event && f.instance === instance,
      );
      const items: string[] = [];
      sheet.columns.forEach((c, i) => {
        if (c.source.kind === 'subject' || c.source.kind === 'instance') return;
        const itemOid = oid.item(sheet.form!, c.code);
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
        const v = row[i];
        if (v === null || v === undefined || v === '') return;
        items.push(el('ItemData', { ItemOID: itemOid, Value: String(v) }));
      });
      const repeating = study.form(sheet.form).repeating || study.event(sheet.event).repeating;
      const form = el(
        'FormData',
        { FormOID: oid.form(sheet.form), FormRepeatKey: repeating ? instance : undefined },
        el('ItemGroupData', { ItemGroupOID: oid.group(sheet.form) }, ...items),
      );
      byEvent.set(sheet.event, [...(byEvent.get(sheet.event) ?? []), form]);
    }
  }
  const events = study.def.events
    .filter((e) => byEvent.has(e.id))
    .map((e) => el('StudyEventData', { StudyEventOID: oid.event(e.id) }, ...byEvent.get(e.id)!));
  return el('SubjectData', { SubjectKey: casebook.subjectId }, ...events);
}
