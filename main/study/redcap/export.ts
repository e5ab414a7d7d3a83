/**
 * A study definition to a REDCap data dictionary (and its events, mapping and repeating files).
 * Importing the output gives back an equivalent study; what REDCap cannot hold is reported.
 */
import { compareOf } from '../../../shared/protocol/evaluate-core';
import {
  isArith,
  type Condition,
  type Expr,
  type FieldDef,
  type FieldRef,
  type Protocol,
} from '../../../shared/protocol/schema';
import { REDCAP_ARITH } from './convert-logic';
import { HEADER, inferPhi, VALIDATIONS } from './fields';
import { emptyReport, type Report } from './types';

export interface RedcapFiles {
  dictionary: string;
  events: string;
  mapping: string;
  repeating: string;
  report: Report;
}

const cell = (s: string): string => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (rows: string[][]): string => rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
const quote = (v: string | number): string => `'${String(v).replace(/'/g, '')}'`;

class Unexportable extends Error {}
const isSubjectId = (fd: FieldDef): boolean =>
  fd.type === 'computed' && !!fd.compute && 'op' in fd.compute && fd.compute.op === 'subjectId';

export function exportRedcap(def: Protocol): RedcapFiles {
  const report = emptyReport();
  // REDCap wants lower-case names, unique across the whole project.
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const f of def.forms)
    for (const fd of f.fields) {
      let n = fd.id.toLowerCase();
      if (used.has(n)) n = `${f.id.toLowerCase()}_${n}`;
      while (used.has(n)) n = `${n}_`;
      used.add(n);
      names.set(`${f.id}.${fd.id}`, n);
      if (n !== fd.id) report.approximated.push({ where: `${f.id}.${fd.id}`, what: `exported as ${n}` });
    }
  const formName = (id: string): string => id.toLowerCase();
  const fieldOf = (ref: FieldRef, own: string): { name: string; def: FieldDef } => {
    const form = def.forms.find((f) => f.id === (ref.form ?? own));
    const fd = form?.fields.find((x) => x.id === ref.field);
    if (!form || !fd) throw new Unexportable(`no field ${ref.field}`);
    return { name: names.get(`${form.id}.${fd.id}`)!, def: fd };
  };
  const refText = (ref: FieldRef, own: string, code?: string): string =>
    `${ref.event ? `[${ref.event}]` : ''}[${fieldOf(ref, own).name}${code !== undefined ? `(${code})` : ''}]`;
  const value = (fd: FieldDef, v: string | number): string =>
    fd.type === 'yesno' ? (v === 'Y' ? "'1'" : v === 'N' ? "'0'" : quote(v)) : quote(v);

  const REDCAP_COMPARE = { lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
  const cond = (c: Condition, own: string): string => {
    if ('all' in c) return c.all.map((x) => wrap(x, own)).join(' and ');
    if ('any' in c) {
      const [a, b] = c.any;
      // The import's reading of REDCap's `<>` (true while blank too) goes back as `<>`.
      if (
        c.any.length === 2 &&
        a &&
        b &&
        'ne' in a &&
        'filled' in b &&
        !b.filled &&
        a.field === b.field &&
        a.form === b.form &&
        a.event === b.event
      )
        return `${refText(a, own)} <> ${value(fieldOf(a, own).def, a.ne)}`;
      return c.any.map((x) => wrap(x, own)).join(' or ');
    }
    if ('not' in c) {
      const inner = c.not;
      if ('eq' in inner && fieldOf(inner, own).def.type === 'multi')
        return `${refText(inner, own, String(inner.eq))} = '0'`;
      return `not (${cond(inner, own)})`;
    }
    if ('formExists' in c) throw new Unexportable('"the form exists" has no REDCap branching equivalent');
    const fd = fieldOf(c, own).def;
    if ('eq' in c)
      return fd.type === 'multi' ? `${refText(c, own, String(c.eq))} = '1'` : `${refText(c, own)} = ${value(fd, c.eq)}`;
    if ('ne' in c) return `(${refText(c, own)} <> ${value(fd, c.ne)} and ${refText(c, own)} <> '')`;
    if ('in' in c)
      return `(${c.in.map((v) => (fd.type === 'multi' ? `${refText(c, own, String(v))} = '1'` : `${refText(c, own)} = ${value(fd, v)}`)).join(' or ')})`;
    if ('filled' in c) return `${refText(c, own)} ${c.filled ? '<>' : '='} ''`;
    const [key, bound] = compareOf(c);
    return `${refText(c, own)} ${REDCAP_COMPARE[key]} ${typeof bound === 'number' ? bound : quote(bound)}`;
  };
  const wrap = (c: Condition, own: string): string => ('all' in c || 'any' in c ? `(${cond(c, own)})` : cond(c, own));

  const expr = (e: Expr, own: string): string => {
    if ('ref' in e) return refText(e.ref, own);
    if ('const' in e) return typeof e.const === 'number' ? String(e.const) : `"${e.const}"`;
    if (isArith(e)) return `(${expr(e.args[0], own)} ${REDCAP_ARITH[e.op]} ${expr(e.args[1], own)})`;
    if ('digits' in e) return `${e.op}(${expr(e.arg, own)}, ${e.digits})`;
    if (e.op === 'abs') return `abs(${expr(e.arg, own)})`;
    if (e.op === 'daysBetween' || e.op === 'yearsBetween')
      return `datediff(${expr(e.from, own)}, ${expr(e.to, own)}, "${e.op === 'daysBetween' ? 'd' : 'y'}")`;
    throw new Unexportable(`the expression ${e.op} has no REDCap calculation equivalent`);
  };

  const rows: string[][] = [HEADER];
  const first = def.forms[0]?.fields[0];
  if (!first || !isSubjectId(first)) {
    rows.push(['record_id', formName(def.forms[0]!.id), '', 'text', 'Record ID', ...Array<string>(13).fill('')]);
    report.approximated.push({ where: 'study', what: 'a record_id field is added first (REDCap needs one)' });
  }
  for (const f of def.forms) {
    if (f.label !== f.id.replace(/_+/g, ' ').replace(/^./, (c) => c.toUpperCase()))
      report.approximated.push({
        where: f.id,
        what: `the form label "${f.label}" is not carried (REDCap labels come from the form name)`,
      });
    for (const fd of f.fields) {
      const where = `${f.id}.${fd.id}`;
      const lost = (what: string) => report.approximated.push({ where, what: `${what} is not carried` });
      let type = 'text';
      let choices = '';
      let validation = '';
      let calc = '';
      if (isSubjectId(fd)) type = 'text';
      else if (fd.type === 'computed') {
        try {
          calc = expr(fd.compute!, f.id);
          type = 'calc';
        } catch (e) {
          report.refused.push({ where, what: `computed field: ${(e as Error).message}; left out` });
          continue;
        }
      } else if (fd.type === 'int') validation = 'integer';
      else if (fd.type === 'decimal')
        validation = fd.decimals && fd.decimals <= 4 ? `number_${fd.decimals}dp` : 'number';
      else if (fd.type === 'date') validation = 'date_ymd';
      else if (fd.type === 'choice' || fd.type === 'multi') {
        type = fd.type === 'multi' ? 'checkbox' : 'radio';
        choices = fd.codes!.map((c) => `${c.code}, ${c.label}`).join(' | ');
      } else if (fd.type === 'yesno') type = 'yesno';
      else if (fd.pattern) {
        const v = Object.entries(VALIDATIONS).find(([, x]) => x.pattern?.regex === fd.pattern!.regex);
        if (v) validation = v[0];
        else lost(`the pattern ${fd.pattern.description}`);
      } else if ((fd.maxLength ?? 0) > 200) type = 'notes';
      if (fd.type === 'decimal' && (fd.decimals ?? 0) > 4) lost(`${fd.decimals} decimal places`);
      if (fd.type === 'text' && fd.maxLength && fd.maxLength <= 200) lost(`the length limit ${fd.maxLength}`);
      if (fd.minLength) lost('the minimum length');
      if (fd.unit) lost(`the unit ${fd.unit}`);
      if (fd.requiredIf) lost('required-if');
      if (fd.checks.length) lost(`the checks ${fd.checks.map((c) => c.rule).join(', ')}`);
      let branching = '';
      if (fd.showIf)
        try {
          branching = cond(fd.showIf, f.id);
        } catch (e) {
          report.refused.push({ where, what: `show-if: ${(e as Error).message}` });
        }
      const identifier = fd.phi === 'direct';
      const tags: string[] = [];
      if (fd.type !== 'computed' && fd.phi !== inferPhi(type, validation, identifier))
        tags.push(`@SITECRF-PHI=${fd.phi}`);
      if (fd.type === 'computed' && fd.phi !== 'none') lost(`the PHI class ${fd.phi} of a computed field`);
      if (def.indexDate.form === f.id && def.indexDate.field === fd.id) tags.push('@SITECRF-INDEX-DATE');
      const range = fd.type === 'int' || fd.type === 'decimal';
      rows.push([
        names.get(where)!,
        formName(f.id),
        '',
        type,
        fd.label,
        type === 'calc' ? calc : choices,
        fd.help ?? '',
        validation,
        range && fd.min !== undefined ? String(fd.min) : '',
        range && fd.max !== undefined ? String(fd.max) : '',
        identifier ? 'y' : '',
        branching,
        fd.required ? 'y' : '',
        '',
        '',
        '',
        '',
        tags.join(' '),
      ]);
    }
  }
  for (const r of def.crossRules)
    report.approximated.push({ where: `rule ${r.id}`, what: 'cross-form rules are not carried' });
  for (const d of def.derived)
    report.approximated.push({ where: `derived ${d.id}`, what: 'derived values are not carried' });

  const events: string[][] = [
    ['event_name', 'arm_num', 'day_offset', 'offset_min', 'offset_max', 'unique_event_name', 'custom_event_label'],
  ];
  const mapping: string[][] = [['arm_num', 'unique_event_name', 'form']];
  const repeating: string[][] = [['event_name', 'form_name', 'custom_form_label']];
  for (const ev of def.events) {
    const w = ev.window;
    const both = w?.minDays !== undefined && w.maxDays !== undefined;
    if (w && !both) report.approximated.push({ where: `event ${ev.id}`, what: 'an open-ended window is not carried' });
    events.push([
      ev.label,
      '1',
      both ? String(w.minDays) : '',
      both ? '0' : '',
      both ? String(w.maxDays! - w.minDays!) : '',
      ev.id,
      '',
    ]);
    for (const f of ev.forms) mapping.push(['1', ev.id, formName(f)]);
    if (ev.repeating) repeating.push([ev.id, '', '']);
  }
  for (const f of def.forms)
    if (f.repeating)
      for (const ev of def.events.filter((e) => e.forms.includes(f.id))) repeating.push([ev.id, formName(f.id), '']);
  return { dictionary: csv(rows), events: csv(events), mapping: csv(mapping), repeating: csv(repeating), report };
}
