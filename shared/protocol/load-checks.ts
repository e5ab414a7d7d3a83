/**
 * The checks a protocol definition passes after its schema: every id is unique, every reference
 * names a real form, field or event, and each rule fits the field it is on. Each problem is
 * named on its own, at the JSON path of the value that is wrong and with the rule it breaks, so a
 * sponsor fixing a study file sees all of them at once and where each one is.
 */
import { isIsoDate } from '../dates';
import { checkDemo } from './demo-checks';
import { compareOf } from './evaluate-core';
import { COMPARE_KEYS, type Condition, type Expr, type FieldDef, type FieldRef, type Protocol } from './schema';

/** Keys and indexes from the definition's root, e.g. `['forms', 3, 'fields', 7, 'showIf']`. */
export type ProblemPath = (string | number)[];

export interface DefinitionProblem {
  path: ProblemPath;
  /** unknownForm, unknownField, unknownEvent, formNotAtEvent, duplicateId, unknownCode, … */
  rule: string;
  message: string;
}

export interface Checks {
  def: Protocol;
  forms: Map<string, Protocol['forms'][number]>;
  events: Map<string, Protocol['events'][number]>;
  fields: Map<string, Map<string, FieldDef>>;
  add(path: ProblemPath, rule: string, message: string): void;
  checkRef(ref: FieldRef, where: string, path: ProblemPath, ownForm?: string): void;
  checkCond(c: Condition, where: string, path: ProblemPath, ownForm?: string): void;
  checkExpr(e: Expr, where: string, path: ProblemPath, ownForm?: string): void;
}

export function condRefs(c: Condition): FieldRef[] {
  if ('all' in c) return c.all.flatMap(condRefs);
  if ('any' in c) return c.any.flatMap(condRefs);
  if ('not' in c) return condRefs(c.not);
  if ('formExists' in c) return [];
  return [c];
}

/** Every problem of a definition that passed its schema (none: the definition is sound). */
export function definitionProblems(def: Protocol): DefinitionProblem[] {
  const forms = new Map(def.forms.map((f) => [f.id, f]));
  const events = new Map(def.events.map((e) => [e.id, e]));
  const fields = new Map(def.forms.map((f) => [f.id, new Map(f.fields.map((x) => [x.id, x]))]));
  const problems: DefinitionProblem[] = [];
  const add = (path: ProblemPath, rule: string, message: string): void => void problems.push({ path, rule, message });
  const checkRef = (ref: FieldRef, where: string, path: ProblemPath, ownForm?: string): void => {
    const formId = ref.form ?? ownForm;
    if (!formId) return add(path, 'formMissing', `${where}: reference to ${ref.field} needs a form`);
    if (!forms.has(formId))
      add([...path, 'form'], 'unknownForm', `${where}: no field ${formId}.${ref.field} (there is no form ${formId})`);
    else if (!fields.get(formId)?.has(ref.field))
      add([...path, 'field'], 'unknownField', `${where}: no field ${formId}.${ref.field}`);
    if (ref.event) {
      const ev = events.get(ref.event);
      if (!ev) add([...path, 'event'], 'unknownEvent', `${where}: no event ${ref.event}`);
      // An unknown form is reported once, not again as absent from the event.
      else if (forms.has(formId) && !ev.forms.includes(formId))
        add([...path, 'event'], 'formNotAtEvent', `${where}: form ${formId} is not collected at ${ref.event}`);
    }
  };
  const checkCond = (c: Condition, where: string, path: ProblemPath, ownForm?: string): void => {
    if ('all' in c) c.all.forEach((x, i) => checkCond(x, where, [...path, 'all', i], ownForm));
    else if ('any' in c) c.any.forEach((x, i) => checkCond(x, where, [...path, 'any', i], ownForm));
    else if ('not' in c) checkCond(c.not, where, [...path, 'not'], ownForm);
    else if ('formExists' in c) {
      if (!forms.has(c.formExists.form))
        add([...path, 'formExists', 'form'], 'unknownForm', `${where}: no form ${c.formExists.form}`);
    } else {
      checkRef(c, where, path, ownForm);
      if (!COMPARE_KEYS.some((k) => k in c)) return;
      const [key, bound] = compareOf(c);
      const fd = fields.get(c.form ?? ownForm ?? '')?.get(c.field);
      if (!fd) return;
      const fits =
        fd.type === 'int' || fd.type === 'decimal' || fd.type === 'computed'
          ? typeof bound === 'number'
          : fd.type === 'date' && typeof bound === 'string' && isIsoDate(bound);
      if (!fits)
        add(
          [...path, key],
          'compareType',
          `${where}: ${c.field} (${fd.type}) cannot be compared with ${JSON.stringify(bound)}: an ordered comparison takes a number field and a number, or a date field and a YYYY-MM-DD date`,
        );
    }
  };
  const checkExpr = (e: Expr, where: string, path: ProblemPath, ownForm?: string): void => {
    if ('ref' in e) checkRef(e.ref, where, [...path, 'ref'], ownForm);
    else if ('op' in e) {
      if ('args' in e) e.args.forEach((a, i) => checkExpr(a, where, [...path, 'args', i], ownForm));
      if ('arg' in e) checkExpr(e.arg, where, [...path, 'arg'], ownForm);
      if ('from' in e) {
        checkExpr(e.from, where, [...path, 'from'], ownForm);
        checkExpr(e.to, where, [...path, 'to'], ownForm);
      }
    }
  };
  const c: Checks = { def, forms, events, fields, add, checkRef, checkCond, checkExpr };
  checkUnique(c);
  checkForms(c);
  checkStudyRefs(c);
  checkSummary(c);
  checkDemo(c);
  return problems;
}

/** Ids are unique within their kind; the second of two is the one reported. */
function checkUnique(c: Checks): void {
  const { def, add } = c;
  const unique = (ids: string[], what: string, pathOf: (i: number) => ProblemPath): void => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) add(pathOf(i), 'duplicateId', `${what} ${id} is defined twice`);
      seen.add(id);
    });
  };
  const ids = <T extends { id: string }>(xs: T[]): string[] => xs.map((x) => x.id);
  unique(ids(def.forms), 'form', (i) => ['forms', i, 'id']);
  unique(ids(def.events), 'event', (i) => ['events', i, 'id']);
  unique(
    def.sites.map((x) => x.code),
    'site',
    (i) => ['sites', i, 'code'],
  );
  unique(ids(def.crossRules), 'cross-form rule', (i) => ['crossRules', i, 'id']);
  unique(ids(def.derived), 'derived value', (i) => ['derived', i, 'id']);
  def.forms.forEach((f, i) => {
    unique(ids(f.fields), `form ${f.id}: field`, (j) => ['forms', i, 'fields', j, 'id']);
    f.fields.forEach((fd, j) => {
      if (fd.codes)
        unique(
          fd.codes.map((x) => x.code),
          `${f.id}.${fd.id}: code`,
          (k) => ['forms', i, 'fields', j, 'codes', k, 'code'],
        );
    });
  });
  def.events.forEach((ev, i) => unique(ev.forms, `event ${ev.id}: form`, (k) => ['events', i, 'forms', k]));
}

/** Events name real forms; each field's conditions, computations, codes and checks fit it. */
function checkForms(c: Checks): void {
  const { def, forms, add } = c;
  def.events.forEach((ev, i) =>
    ev.forms.forEach((f, k) => {
      if (!forms.has(f)) add(['events', i, 'forms', k], 'unknownForm', `event ${ev.id}: no form ${f}`);
    }),
  );
  def.forms.forEach((f, i) => {
    if (!def.events.some((e) => e.forms.includes(f.id)))
      add(['forms', i, 'id'], 'formAtNoEvent', `form ${f.id} is collected at no event`);
    f.fields.forEach((fd, j) => checkField(c, f.id, fd, ['forms', i, 'fields', j]));
  });
}

function checkField(c: Checks, formId: string, fd: FieldDef, at: ProblemPath): void {
  const { add, checkRef, checkCond, checkExpr } = c;
  const where = `${formId}.${fd.id}`;
  if (fd.showIf) {
    checkCond(fd.showIf, `${where} showIf`, [...at, 'showIf'], formId);
    if (condRefs(fd.showIf).some((r) => (r.form ?? formId) === formId && r.field === fd.id))
      add([...at, 'showIf'], 'selfReference', `${where} showIf: a field cannot depend on itself`);
  }
  if (fd.requiredIf) checkCond(fd.requiredIf, `${where} requiredIf`, [...at, 'requiredIf'], formId);
  if (fd.compute) checkExpr(fd.compute, `${where} compute`, [...at, 'compute'], formId);
  if (fd.codes && fd.type !== 'choice' && fd.type !== 'multi')
    add([...at, 'codes'], 'codesNotAllowed', `${where}: only choice and multi fields take codes`);
  fd.checks.forEach((ck, n) => {
    const path = [...at, 'checks', n];
    if ('ref' in ck) checkRef(ck.ref, `${where} ${ck.rule} check`, [...path, 'ref'], formId);
    // Date checks on a non-date field would silently never fire.
    if ((ck.rule === 'notFuture' || ck.rule === 'ageAt' || ck.rule === 'eventWindow') && fd.type !== 'date')
      add([...path, 'rule'], 'needsDateField', `${where}: the ${ck.rule} check needs a date field`);
    if (ck.rule === 'exclusiveCode' && (fd.type !== 'multi' || !fd.codes?.some((x) => x.code === ck.code)))
      add(
        [...path, 'code'],
        'unknownCode',
        `${where}: exclusiveCode ${ck.code} needs a multi field that has that code`,
      );
  });
  if (fd.type !== 'int' && fd.type !== 'decimal')
    for (const key of ['min', 'max', 'decimals'] as const)
      if (fd[key] !== undefined)
        add([...at, key], 'numericOnly', `${where}: min, max and decimals apply to int and decimal fields only`);
  if (fd.min !== undefined && fd.max !== undefined && fd.min > fd.max)
    add([...at, 'min'], 'minAboveMax', `${where}: min above max`);
  if (fd.pattern) {
    try {
      new RegExp(fd.pattern.regex);
    } catch {
      add([...at, 'pattern', 'regex'], 'invalidRegex', `${where}: pattern is not a valid regular expression`);
    }
  }
}

/** The study-level references: index and birth dates, identifiers, strata, death, cross-form rules, derived values. */
function checkStudyRefs(c: Checks): void {
  const { def, fields, add, checkRef, checkCond, checkExpr } = c;
  checkRef(def.indexDate, 'indexDate', ['indexDate']);
  if (def.birthDate) checkRef(def.birthDate, 'birthDate', ['birthDate']);
  // Windows, day offsets and ages are counted from these: they must be dates.
  for (const [name, ref] of [
    ['indexDate', def.indexDate],
    ['birthDate', def.birthDate],
  ] as const) {
    const fd = ref && fields.get(ref.form)?.get(ref.field);
    if (fd && fd.type !== 'date')
      add([name, 'field'], 'notDateField', `${name}: ${ref.form}.${ref.field} is not a date field`);
  }
  for (const list of ['identifierFields', 'lookupFields', 'contactFields'] as const)
    def[list].forEach((r, i) => checkRef(r, list, [list, i]));
  if (def.stratifyBy) checkRef(def.stratifyBy, 'stratifyBy', ['stratifyBy']);
  if (def.deathCondition) checkCond(def.deathCondition, 'deathCondition', ['deathCondition']);
  def.crossRules.forEach((r, i) => {
    const where = `crossRule ${r.id}`;
    const at: ProblemPath = ['crossRules', i];
    if (r.kind === 'compare') {
      checkRef(r.left, where, [...at, 'left']);
      checkRef(r.right, where, [...at, 'right']);
    } else if (r.kind === 'implies') {
      checkCond(r.when, where, [...at, 'when']);
      checkCond(r.then, where, [...at, 'then']);
    } else if (r.kind === 'datesOnOrAfter') checkRef(r.ref, where, [...at, 'ref']);
  });
  def.derived.forEach((d, i) => checkExpr(d.expr, `derived ${d.id}`, ['derived', i, 'expr']));
  if (def.age && !def.derived.some((d) => d.id === def.age!.derived && d.type === 'int'))
    add(['age', 'derived'], 'unknownDerived', `age: no int derived value ${def.age.derived}`);
}

/** The Summary and report specification names real fields with the codes it counts. */
function checkSummary(c: Checks): void {
  const { def, fields, add, checkRef } = c;
  const sum = def.summary;
  const codesOf = (form: string, field: string): string[] | null =>
    fields
      .get(form)
      ?.get(field)
      ?.codes?.map((x) => x.code) ?? null;
  if (sum.outcome) {
    checkRef(sum.outcome.pre, 'summary outcome pre', ['summary', 'outcome', 'pre']);
    sum.outcome.post.forEach((p, i) =>
      checkRef(p.ref, `summary outcome ${p.id}`, ['summary', 'outcome', 'post', i, 'ref']),
    );
  }
  for (const list of ['counts', 'changes'] as const)
    sum[list].forEach((r, i) => {
      checkRef(r, `summary ${list}`, ['summary', list, i]);
      if (fields.get(r.form)?.has(r.field) && !codesOf(r.form, r.field))
        add(['summary', list, i, 'field'], 'noCodes', `summary ${list}: ${r.form}.${r.field} has no codes to count`);
    });
  sum.characteristics.forEach((r, i) => checkRef(r, 'summary characteristics', ['summary', 'characteristics', i]));
  sum.responders.forEach((r, i) => {
    if (!sum.outcome?.post.some((p) => p.id === r.post))
      add(
        ['summary', 'responders', i, 'post'],
        'unknownTimePoint',
        `summary responder ${r.id}: no outcome time point ${r.post}`,
      );
    if (r.derived && !def.derived.some((d) => d.id === r.derived))
      add(
        ['summary', 'responders', i, 'derived'],
        'unknownDerived',
        `summary responder ${r.id}: no derived value ${r.derived}`,
      );
  });
  if (sum.complications) {
    const cx = sum.complications;
    const at: ProblemPath = ['summary', 'complications'];
    const codes = codesOf(cx.form, cx.gradeField);
    if (!c.forms.has(cx.form)) add([...at, 'form'], 'unknownForm', `summary complications: no form ${cx.form}`);
    else if (!codes)
      add(
        [...at, 'gradeField'],
        'noCodes',
        `summary complications: ${cx.form}.${cx.gradeField} is not a field with codes`,
      );
    else
      for (const list of ['major', 'minor'] as const)
        cx[list].forEach((code, i) => {
          if (!codes.includes(code))
            add(
              [...at, list, i],
              'unknownCode',
              `summary complications: ${cx.form}.${cx.gradeField} has no code ${code}`,
            );
        });
    for (const key of ['termField', 'relationField'] as const) {
      const f = cx[key];
      if (f && !codesOf(cx.form, f))
        add([...at, key], 'noCodes', `summary complications: ${cx.form}.${f} is not a field with codes`);
    }
  }
}
