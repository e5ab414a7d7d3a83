/**
 * The study's MetaDataVersion as ODM 1.3.2: Protocol, StudyEventDef, FormDef, ItemGroupDef,
 * ItemDef (with RangeCheck and CodeListRef), CodeList, ConditionDef and MethodDef. Items are the
 * columns the export profile gives each form, so a field the profile drops has no ItemDef either.
 */
import type { Study } from '../../../shared/protocol/load';
import { MISSING_CODES, MISSING_LABELS, type FieldDef } from '../../../shared/protocol/schema';
import type { ColumnSpec, ExportLayout } from '../layout';
import { el, oid, text, translated } from './xml';

/** The columns of a form's item group: those of its first sheet, less the keys ODM has itself. */
export function formColumns(layout: ExportLayout, form: string): ColumnSpec[] {
  const sheet = layout.sheets.find((s) => s.form === form);
  return (sheet?.columns ?? []).filter((c) => c.source.kind !== 'subject' && c.source.kind !== 'instance');
}

function dataType(c: ColumnSpec): { type: string; digits?: number } {
  const s = c.source;
  if (s.kind === 'indexYear') return { type: 'integer' };
  if (s.kind === 'derived')
    return s.def.topCode !== undefined
      ? { type: 'text' }
      : { type: s.def.type === 'decimal' ? 'float' : s.def.type === 'int' ? 'integer' : 'text' };
  if (s.kind !== 'value') return { type: 'text' };
  if (s.rule === 'dayOffset') return { type: 'integer' };
  if (s.rule === 'isoDate') return { type: 'date' };
  const f = s.field;
  if (f.type === 'int') return { type: 'integer' };
  if (f.type === 'decimal') return { type: 'float', digits: f.decimals };
  if (f.type === 'date') return { type: 'date' };
  return { type: 'text' };
}

const fieldOf = (c: ColumnSpec): FieldDef | undefined => (c.source.kind === 'value' ? c.source.field : undefined);

/** The condition under which ODM says an item is not collected: the negation of show-if. */
function conditionDefs(study: Study, layout: ExportLayout): string[] {
  const out: string[] = [];
  for (const form of study.def.forms)
    for (const c of formColumns(layout, form.id)) {
      const f = fieldOf(c);
      if (!f?.showIf) continue;
      out.push(
        el(
          'ConditionDef',
          { OID: oid.condition(form.id, c.code), Name: `Not collected: ${f.id}` },
          translated('Description', `${f.label}: not collected unless its show-if holds`),
          text('FormalExpression', JSON.stringify({ not: f.showIf }), { Context: 'SiteCRF condition (JSON)' }),
        ),
      );
    }
  return out;
}

function methodDefs(study: Study, layout: ExportLayout): string[] {
  const out: string[] = [];
  for (const form of study.def.forms)
    for (const c of formColumns(layout, form.id)) {
      const f = fieldOf(c);
      if (f?.type !== 'computed' || !f.compute) continue;
      out.push(
        el(
          'MethodDef',
          { OID: oid.method(form.id, c.code), Name: `Compute ${f.id}`, Type: 'Computation' },
          translated('Description', `${f.label}: computed by SiteCRF`),
          text('FormalExpression', JSON.stringify(f.compute), { Context: 'SiteCRF expression (JSON)' }),
        ),
      );
    }
  return out;
}

function itemDef(form: string, c: ColumnSpec): string {
  const f = fieldOf(c);
  const { type, digits } = dataType(c);
  const kept = c.source.kind === 'value' && c.source.rule === 'keep';
  const range: string[] = [];
  if (kept && f && (f.type === 'int' || f.type === 'decimal')) {
    if (f.min !== undefined)
      range.push(el('RangeCheck', { Comparator: 'GE', SoftHard: 'Hard' }, text('CheckValue', String(f.min))));
    if (f.max !== undefined)
      range.push(el('RangeCheck', { Comparator: 'LE', SoftHard: 'Hard' }, text('CheckValue', String(f.max))));
  }
  const codes =
    kept && f ? (f.codes ? oid.codeList(form, f.id) : f.type === 'yesno' ? oid.yesno : undefined) : undefined;
  return el(
    'ItemDef',
    { OID: oid.item(form, c.code), Name: c.code, DataType: type, SignificantDigits: digits },
    translated('Question', c.label),
    ...range,
    codes ? el('CodeListRef', { CodeListOID: codes }) : '',
    el('Alias', { Context: 'SiteCRF', Name: f ? `${form}.${f.id}` : c.code }),
    f ? el('Alias', { Context: 'SiteCRF PHI class', Name: f.phi }) : '',
    c.source.kind === 'value' ? el('Alias', { Context: 'SiteCRF export rule', Name: c.source.rule }) : '',
  );
}

function codeLists(study: Study, layout: ExportLayout): string[] {
  const out: string[] = [];
  const item = (code: string, label: string, alias?: string) =>
    el(
      'CodeListItem',
      { CodedValue: code },
      translated('Decode', label),
      alias ? el('Alias', { Context: 'SiteCRF', Name: alias }) : '',
    );
  for (const form of study.def.forms)
    for (const c of formColumns(layout, form.id)) {
      const f = fieldOf(c);
      if (!f?.codes || c.source.kind !== 'value' || c.source.rule !== 'keep') continue;
      out.push(
        el(
          'CodeList',
          { OID: oid.codeList(form.id, f.id), Name: `${form.id}.${f.id}`, DataType: 'text' },
          ...f.codes.map((x) => item(x.code, x.label)),
        ),
      );
    }
  out.push(el('CodeList', { OID: oid.yesno, Name: 'Yes/No', DataType: 'text' }, item('Y', 'Yes'), item('N', 'No')));
  // Missing-data codes: ItemData says IsNull="Yes" and flags one of these.
  out.push(
    el(
      'CodeList',
      { OID: oid.missing, Name: 'SiteCRF missing-data codes', DataType: 'text' },
      ...MISSING_CODES.map((m) => item(m, MISSING_LABELS[m], `missing:${m}`)),
    ),
  );
  return out;
}

export function metaDataVersion(study: Study, layout: ExportLayout): string {
  const def = study.def;
  const protocol = el(
    'Protocol',
    {},
    ...def.events.map((e, i) =>
      el('StudyEventRef', { StudyEventOID: oid.event(e.id), OrderNumber: i + 1, Mandatory: 'No' }),
    ),
  );
  const events = def.events.map((e) =>
    el(
      'StudyEventDef',
      {
        OID: oid.event(e.id),
        Name: e.label,
        Repeating: e.repeating ? 'Yes' : 'No',
        Type: e.repeating ? 'Unscheduled' : e.window ? 'Scheduled' : 'Common',
      },
      ...e.forms.map((f, i) => el('FormRef', { FormOID: oid.form(f), OrderNumber: i + 1, Mandatory: 'No' })),
      e.window
        ? el('Alias', {
            Context: 'SiteCRF window (days from the index date)',
            Name: `${e.window.minDays ?? ''}..${e.window.maxDays ?? ''}`,
          })
        : '',
    ),
  );
  const forms = def.forms.map((f) =>
    el(
      'FormDef',
      { OID: oid.form(f.id), Name: f.label, Repeating: f.repeating ? 'Yes' : 'No' },
      el('ItemGroupRef', { ItemGroupOID: oid.group(f.id), Mandatory: 'Yes' }),
    ),
  );
  const groups = def.forms.map((f) =>
    el(
      'ItemGroupDef',
      { OID: oid.group(f.id), Name: f.label, Repeating: 'No' },
      ...formColumns(layout, f.id).map((c, i) => {
        const fd = fieldOf(c);
        return el('ItemRef', {
          ItemOID: oid.item(f.id, c.code),
          OrderNumber: i + 1,
          Mandatory: fd?.required ? 'Yes' : 'No',
          MethodOID: fd?.type === 'computed' && fd.compute ? oid.method(f.id, c.code) : undefined,
          CollectionExceptionConditionOID: fd?.showIf ? oid.condition(f.id, c.code) : undefined,
        });
      }),
    ),
  );
  const items = def.forms.flatMap((f) => formColumns(layout, f.id).map((c) => itemDef(f.id, c)));
  return el(
    'MetaDataVersion',
    { OID: oid.mdv(def.id, def.version), Name: `${def.title}, version ${def.version}` },
    protocol,
    ...events,
    ...forms,
    ...groups,
    ...items,
    ...codeLists(study, layout),
    ...conditionDefs(study, layout),
    ...methodDefs(study, layout),
  );
}
