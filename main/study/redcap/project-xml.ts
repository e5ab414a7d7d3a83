/**
 * REDCap's project XML as the rows of its data dictionary and of its events, mapping and
 * repeating files, so that the dictionary importer converts both the same way (types,
 * validations, branching, calculations, refusals and the report are written once).
 *
 * The XML spells a few things differently from the dictionary: REDCap's internal field types
 * (`textarea`, `select`) and validations (`int`, `float`), one ItemDef per checkbox code, the
 * range as RangeChecks, and each form's status field (`<form>_complete`), which the dictionary
 * does not list. Each is turned back into what the dictionary would say.
 */
import { COLUMNS, type DictRow } from './fields';
import { importRedcap, type ImportOptions, type ImportResult } from './import';
import {
  readProjectXml,
  type CodeListXml,
  type ItemDefXml,
  type ProjectXml,
  type ProjectXmlLimits,
} from './project-xml-read';
import { emptyReport, type Report } from './types';

export interface ProjectRows {
  title?: string;
  dictionary: DictRow[];
  events?: Record<string, string>[];
  mapping?: Record<string, string>[];
  repeating?: Record<string, string>[];
}

const FIELD_TYPE: Record<string, string> = { textarea: 'notes', select: 'dropdown' };
const VALIDATION: Record<string, string> = { int: 'integer', float: 'number' };
const CHECKBOX_CODE = /___([A-Za-z0-9_]+)$/;

const stripPrefix = (oid: string, prefix: string): string => (oid.startsWith(prefix) ? oid.slice(prefix.length) : oid);

function choicesOf(list: CodeListXml | undefined): string {
  return (list?.items ?? []).map((c) => `${c.code}, ${c.label}`).join(' | ');
}

/** The bounds a dictionary writes in its min and max columns, from ODM's RangeChecks. */
function boundsOf(item: ItemDefXml, where: string, report: Report): { min: string; max: string } {
  let min = '';
  let max = '';
  for (const r of item.range) {
    const c = r.comparator.toUpperCase();
    if (c === 'GE') min = r.value;
    else if (c === 'LE') max = r.value;
    else
      report.approximated.push({
        where,
        what: `<RangeCheck Comparator="${r.comparator}"> is not REDCap's min/max (GE/LE): not kept`,
      });
  }
  return { min, max };
}

function emptyRow(line: number): DictRow {
  const row = { line } as DictRow;
  for (const c of COLUMNS) row[c] = '';
  return row;
}

/** What REDCap's own columns without a field type are, and why they are not fields here. */
function pseudoField(name: string, form: string, item: ItemDefXml): string {
  if (name === 'redcap_data_access_group')
    return "REDCap's data access group is not a field here (a SiteCRF database is one site)";
  if (name === 'redcap_survey_identifier') return "REDCap's survey identifier is not a field here (no surveys)";
  if (name === `${form}_timestamp`)
    return "REDCap's survey timestamp is not a field here (the audit trail records when each form is saved)";
  return `<ItemDef OID="${item.attrs['OID']}"> at line ${item.line} has no redcap:FieldType: not a REDCap field, left out`;
}

function rowOf(item: ItemDefXml, form: string, p: ProjectXml, report: Report): DictRow | undefined {
  const a = item.attrs;
  const name = a['Variable'] ?? a['Name'] ?? item.attrs['OID']!;
  const where = `${form}.${name}`;
  const rawType = (a['FieldType'] ?? '').trim().toLowerCase();
  if (!rawType) {
    report.approximated.push({ where, what: pseudoField(name, form, item) });
    return undefined;
  }
  const row = emptyRow(item.line);
  row.name = name;
  row.form = form;
  row.type = FIELD_TYPE[rawType] ?? rawType;
  row.section = a['SectionHeader'] ?? '';
  row.label = item.question ?? '';
  row.note = a['FieldNote'] ?? '';
  const v = (a['TextValidationType'] ?? '').trim();
  row.validation = VALIDATION[v] ?? v;
  row.identifier = a['Identifier'] ?? '';
  row.branching = a['BranchingLogic'] ?? '';
  row.required = a['RequiredField'] ?? '';
  row.alignment = a['CustomAlignment'] ?? '';
  row.question = a['QuestionNumber'] ?? '';
  row.matrixGroup = a['MatrixGroupName'] ?? '';
  row.matrixRanking = a['MatrixRanking'] ?? '';
  row.annotation = a['FieldAnnotation'] ?? '';
  const list = item.codeList ? p.codeLists.get(item.codeList) : undefined;
  if (item.codeList && !list)
    report.approximated.push({ where, what: `<CodeListRef CodeListOID="${item.codeList}"> names no CodeList` });
  switch (row.type) {
    case 'checkbox':
      row.choices = list?.attrs['CheckboxChoices'] ?? '';
      break;
    case 'radio':
    case 'dropdown':
      row.choices = choicesOf(list);
      break;
    case 'calc':
      row.choices = a['Calculation'] ?? '';
      break;
    case 'slider':
      row.choices = a['SliderLabels'] ?? '';
      if (!item.range.length)
        report.approximated.push({
          where,
          what: "the project XML does not carry a slider's min and max: REDCap's default 0–100 is used",
        });
      break;
  }
  Object.assign(row, boundsOf(item, where, report));
  return row;
}

/** A form's status field, which REDCap adds to every form and the dictionary leaves out. */
const isFormStatus = (item: ItemDefXml, form: string): boolean =>
  (item.attrs['Variable'] ?? item.attrs['Name']) === `${form}_complete` &&
  (item.attrs['FieldType'] ?? '').toLowerCase() === 'select';

function dictionaryOf(p: ProjectXml, report: Report): DictRow[] {
  const rows: DictRow[] = [];
  const used = new Set<string>();
  const checkbox = new Map<string, { row: DictRow; codes: string[] }>();
  for (const f of p.forms) {
    const form = f.attrs['FormName'] ?? stripPrefix(f.attrs['OID']!, 'Form.');
    for (const g of f.groups) {
      const group = p.groups.get(g);
      if (!group) {
        report.approximated.push({ where: form, what: `<ItemGroupRef ItemGroupOID="${g}"> names no ItemGroupDef` });
        continue;
      }
      for (const ref of group.items) {
        const oid = ref['ItemOID']!;
        const item = p.items.get(oid);
        if (!item) {
          report.approximated.push({ where: form, what: `<ItemRef ItemOID="${oid}"> names no ItemDef` });
          continue;
        }
        if (used.has(oid)) {
          report.approximated.push({
            where: form,
            what: `<ItemRef ItemOID="${oid}"> comes again in <ItemGroupDef OID="${g}">: read once`,
          });
          continue;
        }
        used.add(oid);
        if (isFormStatus(item, form)) {
          report.approximated.push({
            where: `${form}.${form}_complete`,
            what: "REDCap's form status (Incomplete/Unverified/Complete) is not a field: SiteCRF keeps each form's own status",
          });
          continue;
        }
        const name = item.attrs['Variable'] ?? item.attrs['Name'] ?? oid;
        const box = checkbox.get(name);
        if (box) {
          // The dictionary has one row per checkbox; the XML one ItemDef per code.
          box.codes.push(CHECKBOX_CODE.exec(oid)?.[1] ?? oid);
          continue;
        }
        const row = rowOf(item, form, p, report);
        if (!row) continue;
        if (row.type === 'checkbox') checkbox.set(name, { row, codes: [CHECKBOX_CODE.exec(oid)?.[1] ?? oid] });
        rows.push(row);
      }
    }
  }
  for (const [name, { row, codes }] of checkbox)
    if (!row.choices.trim()) {
      // No redcap:CheckboxChoices: the codes are known from the ItemDefs, their labels are not.
      row.choices = codes.map((c) => `${c}, ${c}`).join(' | ');
      report.approximated.push({
        where: `${row.form}.${name}`,
        what: 'the checkbox has no redcap:CheckboxChoices: its codes come from its ItemDefs and are their own labels',
      });
    }
  for (const [oid, item] of p.items)
    if (!used.has(oid))
      report.approximated.push({
        where: 'study',
        what: `<ItemDef OID="${oid}"> at line ${item.line} is on no form: left out`,
      });
  // REDCap writes the record ID first in the dictionary; the importer takes the first row as it.
  const idAt = rows.findIndex((r) => r.name === p.recordIdField);
  if (idAt > 0) rows.unshift(...rows.splice(idAt, 1));
  return rows;
}

function eventsOf(p: ProjectXml, report: Report): Pick<ProjectRows, 'events' | 'mapping'> {
  if (!p.events.length) return {};
  const order = new Map(p.eventOrder.map((e) => [e.oid, e.order]));
  const events = [...p.events].sort(
    (a, b) => (order.get(a.attrs['OID']!) ?? Infinity) - (order.get(b.attrs['OID']!) ?? Infinity),
  );
  // REDCap writes the day offsets whether or not scheduling is on; only with it are they windows.
  const scheduling = p.globals['SchedulingEnabled'] === '1';
  if (!scheduling && events.some((e) => e.attrs['DayOffset'] !== undefined))
    report.approximated.push({
      where: 'study',
      what: 'scheduling is off in this REDCap project: the events’ day offsets are not made windows',
    });
  const rows: Record<string, string>[] = [];
  const mapping: Record<string, string>[] = [];
  for (const e of events) {
    const a = e.attrs;
    const unique = a['UniqueEventName'] ?? stripPrefix(a['OID']!, 'Event.');
    rows.push({
      event_name: a['EventName'] ?? a['Name'] ?? unique,
      arm_num: a['ArmNum'] ?? '1',
      unique_event_name: unique,
      custom_event_label: a['CustomEventLabel'] ?? '',
      ...(scheduling
        ? { day_offset: a['DayOffset'] ?? '', offset_min: a['OffsetMin'] ?? '', offset_max: a['OffsetMax'] ?? '' }
        : {}),
    });
    for (const f of e.forms)
      mapping.push({ unique_event_name: unique, form: f['FormName'] ?? stripPrefix(f['FormOID']!, 'Form.') });
  }
  return { events: rows, mapping };
}

function repeatingOf(p: ProjectXml, longitudinal: boolean): Record<string, string>[] | undefined {
  if (!p.repeating.length) return undefined;
  return p.repeating.map((r) => ({
    // A classic project names REDCap's one hidden event; its repeating file leaves the event out.
    event_name: longitudinal ? (r.attrs['UniqueEventName'] ?? '') : '',
    form_name: r.attrs['kind'] === 'RepeatingEvent' ? '' : (r.attrs['RepeatInstrument'] ?? ''),
  }));
}

export function projectXmlRows(input: Buffer | string, report: Report, limits?: ProjectXmlLimits): ProjectRows {
  const p = readProjectXml(input, limits);
  if (p.notUtf8)
    report.approximated.push({
      where: 'study',
      what: 'the file is not UTF-8 (REDCap writes UTF-8): characters it cannot read show as \uFFFD',
    });
  for (const d of p.duplicates)
    report.approximated.push({
      where: 'study',
      what: `<${d.attrs['element']} OID="${d.attrs['OID']}"> at line ${d.line} is defined again: the first is kept`,
    });
  if (p.surveys.length)
    report.approximated.push({
      where: 'study',
      what: `the surveys ${p.surveys.join(', ')} are entered as forms by site staff (SiteCRF has no participant surveys)`,
    });
  if (p.dataAccessGroups.length)
    report.approximated.push({
      where: 'study',
      what: `data access groups ${p.dataAccessGroups.join(', ')}: a SiteCRF database is one site (give --site); each group's site is its own database`,
    });
  const dictionary = dictionaryOf(p, report);
  const ev = eventsOf(p, report);
  const repeating = repeatingOf(p, p.events.length > 0);
  return {
    ...(p.studyName ? { title: p.studyName } : {}),
    dictionary,
    ...ev,
    ...(repeating ? { repeating } : {}),
  };
}

export type ProjectXmlOptions = Omit<ImportOptions, 'dictionary' | 'events' | 'mapping' | 'repeating' | 'report'> & {
  projectXml: Buffer | string;
  limits?: ProjectXmlLimits;
};

/** `import-redcap --project-xml`: the same conversion as from the dictionary and its files. */
export function importRedcapProjectXml(o: ProjectXmlOptions): ImportResult {
  const { projectXml, limits, ...rest } = o;
  const report = emptyReport();
  const p = projectXmlRows(projectXml, report, limits);
  return importRedcap({
    ...rest,
    title: rest.title ?? p.title,
    dictionary: p.dictionary,
    events: p.events,
    mapping: p.mapping,
    repeating: p.repeating,
    report,
  });
}
