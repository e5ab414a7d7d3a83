/**
 * A REDCap data dictionary (and its events, mapping and repeating files) to a study definition
 * plus a conversion report. Every row ends up converted, approximated or refused with a reason.
 */
import { isUtf8 } from 'node:buffer';
import { loadProtocol, ProtocolError } from '../../../shared/protocol/load';
import type { ProtocolInput } from '../../../shared/protocol/schema';
import { convertBranching, convertCalc, type FieldInfo, type LogicContext } from './convert-logic';
import { refuseColumnClashes, yearColumnFor } from './columns';
import { readCsv, RedcapFileError } from './csv';
import { asId, humanize, ID, planEvents, type EventFiles } from './events';
import { COLUMNS, convertRow, type DictRow } from './fields';
import { emptyReport, type FieldInput, type FormInput, type Report } from './types';
import { plural, pluralWord } from '../../../shared/plural';

/** Written by export-redcap on the index date field, so that a round trip keeps it. */
export const INDEX_TAG = /@SITECRF-INDEX-DATE\b/;

export interface ImportOptions extends EventFiles {
  /** The dictionary file, or its rows already read (from a project XML). */
  dictionary: Buffer | string | DictRow[];
  /** Lines already written by whoever read the rows. */
  report?: Report;
  id: string;
  title?: string;
  version?: string;
  site?: { code: string; name: string };
  /** The variable that is the index date; by default the first date field. */
  indexDate?: string;
}
export interface ImportResult {
  study: ProtocolInput;
  report: Report;
}

/** REDCap's field types, to recognise a dictionary whose header is in another language. */
const FIELD_TYPES = new Set([
  ...['text', 'notes', 'radio', 'dropdown', 'checkbox', 'yesno', 'truefalse', 'calc'],
  ...['descriptive', 'slider', 'file', 'sql'],
]);

function rowsOf(dictionary: Buffer | string | DictRow[], report: Report): DictRow[] {
  if (Array.isArray(dictionary)) return dictionary;
  if (typeof dictionary !== 'string' && !isUtf8(dictionary))
    report.approximated.push({
      where: 'study',
      what: 'the file is not UTF-8 (REDCap writes UTF-8): characters it cannot read show as \uFFFD; save it as UTF-8 and import again',
    });
  const [header, ...rows] = readCsv(dictionary, 'data dictionary');
  const first = (header?.[0] ?? '').trim();
  if (!/variable|field_name|field name/i.test(first)) {
    // A REDCap set to another language writes its header in that language; the columns are the same.
    const typed = rows.filter((r) => FIELD_TYPES.has((r[3] ?? '').trim().toLowerCase())).length;
    if ((header?.length ?? 0) < 4 || typed === 0 || typed < rows.length / 2)
      throw new RedcapFileError(`data dictionary: the first row is not REDCap's header (it starts with "${first}")`);
    report.approximated.push({
      where: 'study',
      what: `the header is not REDCap's English one (it starts with "${first}"): the columns are read by position`,
    });
  }
  if ((header?.length ?? 0) < 18)
    report.approximated.push({
      where: 'study',
      what: `the header has ${plural(header?.length ?? 0, 'column')}, not 18: missing ones read as empty`,
    });
  const out = rows.map((cells, i) => {
    const row = { line: i + 2 } as DictRow;
    COLUMNS.forEach((c, k) => (row[c] = cells[k] ?? ''));
    if (cells.slice(18).some((c) => c.trim()))
      report.approximated.push({ where: `line ${i + 2}`, what: 'cells after the 18th column are ignored' });
    return row;
  });
  readRNa(out, report);
  return out;
}

/** Columns where REDCap never writes "NA" itself: one there means the file went through R. */
const NEVER_NA = ['min', 'max', 'identifier', 'required', 'branching', 'matrixRanking'] as const;
/**
 * R's `write.csv` writes an empty cell as NA (REDCapR's own metadata files do). When the file
 * shows that habit, NA reads as empty in every column but the name, form, type and label.
 */
function readRNa(rows: DictRow[], report: Report): void {
  if (!rows.some((r) => NEVER_NA.some((c) => r[c].trim() === 'NA'))) return;
  let n = 0;
  for (const r of rows)
    for (const c of COLUMNS)
      if (c !== 'name' && c !== 'form' && c !== 'type' && c !== 'label' && r[c].trim() === 'NA') {
        r[c] = '';
        n++;
      }
  report.approximated.push({
    where: 'study',
    what: `the file writes empty cells as R's NA: ${n} NA cells read as empty (name, form, type and label kept as written)`,
  });
}

/** Columns every sheet of the workbook has: a field of that name would collide with them. */
const WORKBOOK_COLUMNS = new Set(['subject_id', 'instance']);

export function importRedcap(o: ImportOptions): ImportResult {
  const report = o.report ?? emptyReport();
  const rows = rowsOf(o.dictionary, report);
  if (!rows.length) throw new RedcapFileError('data dictionary: it has no fields');

  const forms = new Map<string, FormInput>();
  const calcs = new Map<string, string>();
  const branching = new Map<string, string>();
  const formOf = new Map<string, string>();
  const seen = new Set<string>();
  let recordId: string | undefined;
  const indexTagged = new Set<string>();
  let pendingText: { form: string; text: string[]; line: number } | undefined;
  const flushText = (): void => {
    if (pendingText)
      report.approximated.push({
        where: `${pendingText.form} (line ${pendingText.line})`,
        what: 'descriptive text at the end of the form is not shown',
      });
    pendingText = undefined;
  };

  // REDCap keeps a form's fields together; a file edited by hand may not, or may spell a form
  // two ways that become one identifier. Either way the fields join one form, and the report says so.
  const rawNames = new Map<string, string>();
  let lastForm: string | undefined;
  const noteFormOrder = (raw: string, id: string, where: string): void => {
    const earlier = rawNames.get(id);
    if (earlier !== undefined && earlier !== raw)
      report.approximated.push({ where, what: `the form names "${earlier}" and "${raw}" both become ${id}: one form` });
    else if (earlier !== undefined && lastForm !== id)
      report.approximated.push({
        where,
        what: `the form ${id} comes back after ${lastForm}: its fields join the form's first part`,
      });
    if (earlier === undefined) rawNames.set(id, raw);
    lastForm = id;
  };
  for (const r of rows) {
    const name = r.name.trim();
    const where = `${r.form || '?'}.${name || `line ${r.line}`}`;
    if (!ID.test(name)) {
      report.refused.push({
        where,
        what: `the variable name "${name}" is not a letter followed by letters, digits or _`,
      });
      continue;
    }
    if (seen.has(name)) {
      report.refused.push({ where, what: 'the variable is defined twice; the first is kept' });
      continue;
    }
    seen.add(name);
    let formId = r.form.trim();
    const rawForm = formId;
    if (!ID.test(formId)) {
      const id = asId(formId || 'form');
      report.approximated.push({ where, what: `the form name "${formId}" becomes ${id}` });
      formId = id;
    }
    r.form = formId;
    noteFormOrder(rawForm, formId, where);
    if (pendingText && pendingText.form !== formId) flushText();
    if (recordId !== undefined && WORKBOOK_COLUMNS.has(name.toLowerCase())) {
      report.refused.push({ where, what: `the name ${name} is a column of every workbook sheet; rename the variable` });
      continue;
    }
    if (recordId === undefined) {
      // REDCap's first field is the record ID; SiteCRF assigns subject IDs itself.
      recordId = name;
      const form = forms.get(formId) ?? { id: formId, label: humanize(formId), fields: [] };
      forms.set(formId, form);
      form.fields.push({
        id: name,
        label: r.label.trim() || 'Record ID',
        type: 'computed',
        phi: 'none',
        compute: { op: 'subjectId' },
      });
      formOf.set(name, formId);
      report.approximated.push({
        where,
        what: 'the record ID becomes the subject ID that SiteCRF assigns (SITE-NNNN)',
      });
      continue;
    }
    const res = convertRow(r, report);
    if (res.kind === 'refused') continue;
    if (res.kind === 'text') {
      pendingText = pendingText ?? { form: formId, text: [], line: r.line };
      pendingText.text.push(res.text);
      report.approximated.push({ where, what: 'descriptive text becomes the help text of the next field' });
      continue;
    }
    const field = res.field;
    if (INDEX_TAG.test(r.annotation)) indexTagged.add(name);
    if (pendingText) {
      field.help = [...pendingText.text, field.help].filter(Boolean).join(' — ');
      pendingText = undefined;
    }
    const form = forms.get(formId) ?? { id: formId, label: humanize(formId), fields: [] };
    forms.set(formId, form);
    form.fields.push(field);
    formOf.set(name, formId);
    if (res.calc !== undefined) calcs.set(name, res.calc);
    if (res.branching) branching.set(name, res.branching);
    if (r.alignment.trim() || r.question.trim())
      report.approximated.push({ where, what: 'custom alignment and question number are layout only and not carried' });
  }
  flushText();
  for (const name of refuseColumnClashes(forms, report)) {
    formOf.delete(name);
    calcs.delete(name);
    branching.delete(name);
  }

  const plan = planEvents(o, [...forms.keys()], report);
  const collected = new Set(plan.events.flatMap((e) => e.forms));
  for (const [id, f] of forms) {
    if (collected.has(id)) {
      if (plan.repeatingForms.has(id)) f.repeating = true;
      continue;
    }
    report.refused.push({
      where: id,
      what: `the form is collected at no event, so its ${plural(f.fields.length, 'field')} ${pluralWord(f.fields.length, 'is', 'are')} left out`,
    });
    forms.delete(id);
    for (const fd of f.fields) formOf.delete(fd.id);
  }
  const fieldDef = (name: string): FieldInput | undefined => {
    const form = formOf.get(name);
    return form ? forms.get(form)?.fields.find((x) => x.id === name) : undefined;
  };
  const removeField = (name: string): void => {
    const form = forms.get(formOf.get(name) ?? '');
    if (form) form.fields = form.fields.filter((x) => x.id !== name);
    formOf.delete(name);
  };
  const ctxFor = (name: string): LogicContext => ({
    ownForm: formOf.get(name) ?? '',
    ownField: name,
    field: (n): FieldInfo | undefined => {
      const fd = fieldDef(n);
      return fd ? { form: formOf.get(n)!, type: fd.type, codes: fd.codes?.map((c) => c.code) } : undefined;
    },
    eventCollects: (ev, form) => {
      const e = plan.events.find((x) => x.id === ev);
      return e ? e.forms.includes(form) : undefined;
    },
  });

  // Calculations first (one may use another): a refused one leaves the study, then show-ifs.
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, src] of calcs) {
      const fd = fieldDef(name);
      if (!fd) continue;
      const c = convertCalc(src, ctxFor(name));
      if (c.ok) {
        fd.compute = c.value;
        for (const n of c.notes) report.approximated.push({ where: `${formOf.get(name)}.${name}`, what: n });
      } else {
        report.refused.push({ where: `${formOf.get(name)}.${name}`, what: `calculation "${src.trim()}": ${c.reason}` });
        removeField(name);
        calcs.delete(name);
        changed = true;
      }
    }
  }
  for (const [name, src] of branching) {
    const fd = fieldDef(name);
    if (!fd) continue;
    const c = convertBranching(src, ctxFor(name));
    const where = `${formOf.get(name)}.${name}`;
    if (c.ok) {
      fd.showIf = c.value;
      report.converted.push({ where, what: `show-if ${src}` });
    } else report.refused.push({ where, what: `branching logic "${src}": ${c.reason}; the field is always shown` });
  }
  for (const [id, f] of forms)
    if (!f.fields.length) {
      report.refused.push({ where: id, what: 'no field of the form could be converted' });
      forms.delete(id);
      for (const ev of plan.events) ev.forms = ev.forms.filter((x) => x !== id);
    }
  const events = plan.events.filter((e) => e.forms.length);
  if (!forms.size || !events.length)
    throw new RedcapFileError(
      `data dictionary: no field could be converted (${report.refused.map((r) => `${r.where}: ${r.what}`).join('; ')})`,
    );

  const indexDate = chooseIndexDate(indexTagged, o.indexDate, events, forms, formOf, report);
  for (const f of forms.values())
    for (const fd of f.fields) {
      const where = `${f.id}.${fd.id}`;
      if (fd.phi === 'date')
        report.confirmPhi.push({
          where,
          what: 'date: exported as days from the index date; confirm, or mark it direct',
        });
      if (fd.phi === 'freetext')
        report.confirmPhi.push({
          where,
          what: 'free text: dropped from the export unless the profile opts in; confirm, or mark it none or direct',
        });
      if (fd.phi === 'direct') report.converted.push({ where, what: 'identifier: direct PHI class' });
    }

  const study: ProtocolInput = {
    id: o.id,
    title: o.title ?? humanize(o.id),
    version: o.version ?? '1',
    sites: [o.site ?? { code: 'SITE', name: 'Site' }],
    indexDate,
    events,
    forms: [...forms.values()],
  };
  const yearColumn = yearColumnFor(forms.get(indexDate.form)!, indexDate.field, report);
  if (yearColumn) study.index = yearColumn;
  if (!o.site)
    report.approximated.push({ where: 'study', what: 'REDCap has no site list: one site SITE (give --site)' });
  try {
    loadProtocol(study);
  } catch (e) {
    if (e instanceof ProtocolError) throw new RedcapFileError(`the converted study does not load: ${e.message}`);
    throw e;
  }
  return { study, report };
}

function chooseIndexDate(
  indexTagged: Set<string>,
  asked: string | undefined,
  events: ProtocolInput['events'],
  forms: Map<string, FormInput>,
  formOf: Map<string, string>,
  report: Report,
): ProtocolInput['indexDate'] {
  // An event only when the form has one: REDCap's arms repeat the enrolment form.
  const at = (form: string): string | undefined => {
    const evs = events.filter((e) => e.forms.includes(form));
    return evs.length === 1 ? evs[0]!.id : undefined;
  };
  const tagged = [...forms.values()].flatMap((f) => f.fields.filter((x) => indexTagged.has(x.id)).map((x) => x.id));
  asked = asked ?? tagged[0];
  if (asked) {
    const form = formOf.get(asked);
    const fd = form ? forms.get(form)?.fields.find((x) => x.id === asked) : undefined;
    if (!form || fd?.type !== 'date')
      throw new RedcapFileError(`--index-date ${asked}: no converted date field of that name`);
    return withEvent({ form, field: asked }, at(form));
  }
  const order = [...new Set(events.flatMap((e) => e.forms))];
  for (const formId of order) {
    const f = forms.get(formId)!;
    if (f.repeating) continue;
    const fd = f.fields.find((x) => x.type === 'date' && x.phi === 'date');
    if (fd) {
      report.approximated.push({
        where: `${formId}.${fd.id}`,
        what: 'chosen as the index date (the first date field; give --index-date to choose)',
      });
      return withEvent({ form: formId, field: fd.id }, at(formId));
    }
  }
  const first = forms.get(order.find((id) => !forms.get(id)!.repeating) ?? order[0]!)!;
  let id = 'index_date';
  while (formOf.has(id)) id = `${id}_`;
  first.fields.splice(1, 0, { id, label: 'Index date', type: 'date', phi: 'date', required: true });
  formOf.set(id, first.id);
  report.approximated.push({
    where: `${first.id}.${id}`,
    what: 'the dictionary has no date field: an index date field is added',
  });
  return withEvent({ form: first.id, field: id }, at(first.id));
}

const withEvent = (ref: { form: string; field: string }, event: string | undefined): ProtocolInput['indexDate'] =>
  event ? { ...ref, event } : ref;
