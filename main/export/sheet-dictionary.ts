/**
 * The Dictionary sheet, generated from the protocol (shared/protocol/dictionary.ts) plus what
 * this export's profile did to each field and the columns it became, so the sponsor reads the
 * codes without asking.
 */
import { buildDictionary } from '../../shared/protocol/dictionary';
import type { Study } from '../../shared/protocol/load';
import { MISSING_CODES, MISSING_LABELS } from '../../shared/protocol/schema';
import type { Cell, ExportLayout } from './layout';
import { ruleTexts } from './profiles';
import type { SheetSource } from './sheet-source';
import { CELL_SAFETY_NOTE } from './cell-safety';
import { plural } from '../../shared/plural';

export const MULTI_SEPARATOR = ';';

/** A protocol version the site has run, and how many form instances were last saved under it. */
export interface DictionaryVersion {
  version: string;
  installedAt: string;
  sha256: string;
  forms: number;
}

export function dictionarySheet(study: Study, layout: ExportLayout, versions: DictionaryVersion[] = []): SheetSource {
  const profile = layout.profile;
  const ruleText = ruleTexts(study);
  // Which columns each protocol field became, over all sheets of the layout.
  const columnsOf = new Map<string, string[]>();
  for (const sh of layout.sheets) {
    for (const c of sh.columns) {
      const key =
        c.source.kind === 'value'
          ? `${sh.form}.${c.source.field.id}`
          : c.source.kind === 'derived'
            ? `Derived.${c.source.def.id}`
            : null;
      if (c.source.kind === 'indexYear') {
        const k = `${study.def.indexDate.form}.${study.def.indexDate.field}`;
        columnsOf.set(k, [...(columnsOf.get(k) ?? []), `${sh.name}.${c.code}`]);
      }
      if (!key) continue;
      const l = columnsOf.get(key) ?? [];
      if (!l.includes(`${sh.name}.${c.code}`)) l.push(`${sh.name}.${c.code}`);
      columnsOf.set(key, l);
    }
  }
  const birth = study.def.birthDate;
  if (birth && layout.ageDerived && profile.rules.birthdate === 'ageTopCoded') {
    const k = `${birth.form}.${birth.field}`;
    columnsOf.set(k, [
      ...new Set([...(columnsOf.get(k) ?? []), ...(columnsOf.get(`Derived.${layout.ageDerived.id}`) ?? [])]),
    ]);
  }
  return {
    name: 'Dictionary',
    columns: [
      { code: 'form', label: 'Form' },
      { code: 'field', label: 'Field code' },
      { code: 'label', label: 'Label' },
      { code: 'type', label: 'Type' },
      { code: 'unit', label: 'Unit' },
      { code: 'codes', label: 'Codes (CODE=Label)' },
      { code: 'range', label: 'Range and checks' },
      { code: 'required', label: 'Required' },
      { code: 'show_if', label: 'Shown if' },
      { code: 'phi', label: 'PHI class' },
      { code: 'export_rule', label: `What the ${profile.id} profile did` },
      { code: 'export_columns', label: 'Exported as (sheet.column)' },
    ],
    *rows(): Iterable<Cell[]> {
      for (const d of buildDictionary(study)) {
        const rule =
          d.form === 'Derived'
            ? d.range
              ? profile.topCodeAges
                ? `kept; ${d.range}`
                : 'kept as computed'
              : 'kept'
            : ruleText[profile.rules[d.phi]];
        const type = d.type === 'multi' ? `multi (codes joined by ${MULTI_SEPARATOR})` : d.type;
        const cols = (columnsOf.get(`${d.form}.${d.field}`) ?? []).join(' ');
        yield [
          d.form,
          d.field,
          d.label,
          type,
          d.unit || null,
          d.codes || null,
          d.range || null,
          d.required || null,
          d.showIf || null,
          d.phi,
          rule,
          cols || null,
        ];
      }
      // Conventions of every data cell (submission-workbook.md), as rows the sponsor's tools can read.
      yield [
        '*',
        'missing_codes',
        'Missing-data codes',
        'code',
        null,
        MISSING_CODES.map((c) => `${c}=${MISSING_LABELS[c]}`).join('; '),
        null,
        null,
        null,
        'none',
        'written as the code itself in any column; a blank cell means not entered',
        null,
      ];
      yield [
        '*',
        'multi_values',
        'Several codes in one cell',
        'multi',
        null,
        null,
        null,
        null,
        null,
        'none',
        `a multi field's codes joined by ${MULTI_SEPARATOR} without spaces${multiExample(study)}`,
        null,
      ];
      yield [
        '*',
        'subject_id',
        'Subject ID',
        'text',
        null,
        null,
        null,
        null,
        null,
        'none',
        'kept: a re-identification code not derived from the person (45 CFR 164.514(c))',
        null,
      ];
      yield [
        '*',
        'formula_like_text',
        'Text that looks like a formula',
        'text',
        null,
        null,
        null,
        null,
        null,
        'none',
        CELL_SAFETY_NOTE,
        null,
      ];
      // The study's versions (amendments): the staff who installed them and their reasons stay at the
      // site, and the install date is a year: a de-identified file carries no other date.
      for (const v of versions)
        yield [
          '*',
          `protocol_version:${v.version}`,
          `Protocol version ${v.version}${v.version === study.def.version ? ' (current)' : ''}`,
          'version',
          null,
          `SHA-256 ${v.sha256}`,
          null,
          null,
          null,
          'none',
          `installed in ${v.installedAt.slice(0, 4)}; ${plural(v.forms, 'form instance')} last saved under it`,
          null,
        ];
    },
  };
}

/** " (e.g. A|B)" from the study's first multi field's codes, so the example is in its own words. */
function multiExample(study: Study): string {
  const codes = study.def.forms
    .flatMap((f) => f.fields)
    .find((f) => f.type === 'multi' && (f.codes?.length ?? 0) > 1)?.codes;
  return codes ? ` (e.g. ${codes[0]!.code}${MULTI_SEPARATOR}${codes[1]!.code})` : '';
}
