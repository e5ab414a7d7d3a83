/**
 * What the study tables tabulate, taken from the study definition's Summary specification and
 * its dictionary: never a field name in this code. Each item is resolved once to the sheet and
 * column of the de-identified workbook that carries it (the export layout of the safe-harbor
 * profile, which every pooled submission shares for the fields it keeps).
 */
import { CrfError } from '../../../shared/errors';
import type { Study } from '../../../shared/protocol/load';
import type { FieldDef, SummarySpec } from '../../../shared/protocol/schema';
import { exportLayout, type ExportLayout } from '../../export/layout';
import { PROFILES } from '../../export/profiles';

type Ref = { form: string; event?: string; field: string };

/** A value of the pooled rows: where it is and what the dictionary says it is. */
export interface Column {
  sheet: string;
  column: string;
  label: string;
  /** Dictionary type: numbers are described, codes counted. */
  type: FieldDef['type'] | 'int' | 'decimal' | 'yesno';
  codes: { code: string; label: string }[];
}

export interface TablesSpec {
  /** The column that splits every table (the protocol's stratifyBy), with its codes. */
  stratum: Column | null;
  /** One row per subject: every subject of a submission has a row here. */
  subjectSheet: string;
  age: { column: Column; topCode: number } | null;
  characteristics: Column[];
  outcome: {
    label: string;
    pre: { label: string; column: Column };
    post: { id: string; label: string; column: Column }[];
  } | null;
  responders: { label: string; column: Column }[];
  /** Categorical outcomes at the follow-ups (analgesic change), counted per stratum. */
  changes: Column[];
  complications: {
    sheet: string;
    grade: Column;
    major: string[];
    minor: string[];
    term: Column | null;
    relation: Column | null;
  } | null;
}

/** Every per-subject value the tables describe or count (not the stratum, not complications). */
export function valueColumns(spec: TablesSpec): Column[] {
  return [
    spec.age?.column,
    ...spec.characteristics,
    spec.outcome?.pre.column,
    ...(spec.outcome?.post.map((p) => p.column) ?? []),
    ...spec.responders.map((r) => r.column),
    ...spec.changes,
  ].filter((c): c is Column => !!c);
}

const YESNO = [
  { code: 'Y', label: 'Yes' },
  { code: 'N', label: 'No' },
];

function fail(what: string): never {
  throw new CrfError({
    code: 'VALIDATION',
    field: 'summary',
    rule: 'reference',
    message: `The study's summary specification names ${what}, which no de-identified sheet carries`,
  });
}

export function resolveField(study: Study, layout: ExportLayout, ref: Ref): Column {
  const f = study.field(ref.form, ref.field);
  for (const sh of layout.sheets) {
    if (sh.form !== ref.form || (ref.event && sh.event !== ref.event)) continue;
    const col = sh.columns.find((c) => c.source.kind === 'value' && c.source.field.id === f.id);
    if (col)
      return {
        sheet: sh.name,
        column: col.code,
        label: f.label,
        type: f.type,
        codes: f.type === 'yesno' ? YESNO : (f.codes ?? []).map((c) => ({ code: c.code, label: c.label })),
      };
  }
  return fail(`${ref.form}.${ref.field}`);
}

export function resolveDerived(study: Study, layout: ExportLayout, id: string): Column {
  const d = study.def.derived.find((x) => x.id === id) ?? fail(`the derived value ${id}`);
  const sh = layout.sheets.find((s) => !s.form && s.columns.some((c) => c.code === id)) ?? fail(`the derived ${id}`);
  return { sheet: sh.name, column: id, label: d.label, type: d.type, codes: d.type === 'yesno' ? YESNO : [] };
}

export function tablesSpecOf(study: Study): TablesSpec {
  const layout = exportLayout(study, PROFILES['safe-harbor']);
  const s: SummarySpec = study.def.summary;
  const derivedSheet = layout.sheets.find((sh) => !sh.form);
  const subjectSheet = derivedSheet?.name ?? layout.sheets[0]!.name;
  const field = (r: Ref): Column => resolveField(study, layout, r);
  const age = layout.ageDerived
    ? { column: resolveDerived(study, layout, layout.ageDerived.id), topCode: layout.ageDerived.topCode ?? Infinity }
    : null;
  const cx = s.complications;
  const gradeRef = cx ? { form: cx.form, field: cx.gradeField } : null;
  const grade = gradeRef ? field(gradeRef) : null;
  const responders = s.responders
    .filter((r) => r.derived)
    .map((r) => ({ label: r.label, column: resolveDerived(study, layout, r.derived!) }));
  return {
    stratum: study.def.stratifyBy ? field(study.def.stratifyBy) : null,
    subjectSheet,
    age,
    // The Summary's counts first, then what only the sponsor's tables describe.
    characteristics: [...s.counts, ...s.characteristics]
      .filter(
        (r, i, all) => all.findIndex((x) => x.form === r.form && x.field === r.field && x.event === r.event) === i,
      )
      .map(field),
    outcome: s.outcome
      ? {
          label: s.outcome.label,
          pre: { label: s.outcome.preLabel, column: field(s.outcome.pre) },
          post: s.outcome.post.map((p) => ({ id: p.id, label: p.label, column: field(p.ref) })),
        }
      : null,
    responders,
    changes: s.changes.map(field),
    complications:
      cx && grade
        ? {
            sheet: grade.sheet,
            grade,
            major: cx.major,
            minor: cx.minor,
            term: cx.termField ? field({ form: cx.form, field: cx.termField }) : null,
            relation: cx.relationField ? field({ form: cx.form, field: cx.relationField }) : null,
          }
        : null,
  };
}
