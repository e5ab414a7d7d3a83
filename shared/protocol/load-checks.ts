/**
 * The checks a protocol definition passes after its schema: every id is unique, every reference
 * names a real form, field or event, and each rule fits the field it is on. Each problem is
 * named on its own, so a sponsor fixing a study file sees all of them at once.
 */
import type { Condition, Expr, FieldDef, FieldRef, Protocol } from './schema';

interface Checks {
  def: Protocol;
  forms: Map<string, Protocol['forms'][number]>;
  events: Map<string, Protocol['events'][number]>;
  fields: Map<string, Map<string, FieldDef>>;
  problems: string[];
  unique(ids: string[], what: string): void;
  checkRef(ref: FieldRef, where: string, ownForm?: string): void;
  checkCond(c: Condition, where: string, ownForm?: string): void;
  checkExpr(e: Expr, where: string, ownForm?: string): void;
}

export function condRefs(c: Condition): FieldRef[] {
  if ('all' in c) return c.all.flatMap(condRefs);
  if ('any' in c) return c.any.flatMap(condRefs);
  if ('not' in c) return condRefs(c.not);
  if ('formExists' in c) return [];
  return [c];
}

/** Every problem of a definition that passed its schema (none: the definition is sound). */
export function definitionProblems(def: Protocol): string[] {
  const forms = new Map(def.forms.map((f) => [f.id, f]));
  const events = new Map(def.events.map((e) => [e.id, e]));
  const fields = new Map(def.forms.map((f) => [f.id, new Map(f.fields.map((x) => [x.id, x]))]));
  const problems: string[] = [];
  const unique = (ids: string[], what: string): void => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${what} ${id} is defined twice`);
      seen.add(id);
    }
  };
  const checkRef = (ref: FieldRef, where: string, ownForm?: string): void => {
    const formId = ref.form ?? ownForm;
    if (!formId) return void problems.push(`${where}: reference to ${ref.field} needs a form`);
    if (!fields.get(formId)?.has(ref.field)) problems.push(`${where}: no field ${formId}.${ref.field}`);
    if (ref.event) {
      const ev = events.get(ref.event);
      if (!ev) problems.push(`${where}: no event ${ref.event}`);
      else if (!ev.forms.includes(formId)) problems.push(`${where}: form ${formId} is not collected at ${ref.event}`);
    }
  };
  const checkCond = (c: Condition, where: string, ownForm?: string): void => {
    if ('all' in c) c.all.forEach((x) => checkCond(x, where, ownForm));
    else if ('any' in c) c.any.forEach((x) => checkCond(x, where, ownForm));
    else if ('not' in c) checkCond(c.not, where, ownForm);
    else if ('formExists' in c) {
      if (!forms.has(c.formExists.form)) problems.push(`${where}: no form ${c.formExists.form}`);
    } else checkRef(c, where, ownForm);
  };
  const checkExpr = (e: Expr, where: string, ownForm?: string): void => {
    if ('ref' in e) checkRef(e.ref, where, ownForm);
    else if ('op' in e) {
      if ('args' in e) e.args.forEach((a) => checkExpr(a, where, ownForm));
      if ('from' in e) {
        checkExpr(e.from, where, ownForm);
        checkExpr(e.to, where, ownForm);
      }
    }
  };
  const c: Checks = { def, forms, events, fields, problems, unique, checkRef, checkCond, checkExpr };
  checkUnique(c);
  checkForms(c);
  checkStudyRefs(c);
  checkSummary(c);
  return problems;
}

/** Ids are unique within their kind. */
function checkUnique(c: Checks): void {
  const { def, unique } = c;
  unique(
    def.forms.map((f) => f.id),
    'form',
  );
  unique(
    def.events.map((e) => e.id),
    'event',
  );
  unique(
    def.sites.map((x) => x.code),
    'site',
  );
  unique(
    def.crossRules.map((r) => r.id),
    'cross-form rule',
  );
  unique(
    def.derived.map((d) => d.id),
    'derived value',
  );
  for (const f of def.forms)
    unique(
      f.fields.map((x) => x.id),
      `form ${f.id}: field`,
    );
  for (const f of def.forms)
    for (const fd of f.fields)
      if (fd.codes)
        unique(
          fd.codes.map((c) => c.code),
          `${f.id}.${fd.id}: code`,
        );
  for (const ev of def.events) unique(ev.forms, `event ${ev.id}: form`);
}

/** Events name real forms; each field's conditions, computations, codes and checks fit it. */
function checkForms(c: Checks): void {
  const { def, forms, problems, checkRef, checkCond, checkExpr } = c;
  for (const ev of def.events)
    for (const f of ev.forms) if (!forms.has(f)) problems.push(`event ${ev.id}: no form ${f}`);
  for (const f of def.forms) {
    if (!def.events.some((e) => e.forms.includes(f.id))) problems.push(`form ${f.id} is collected at no event`);
    for (const fd of f.fields) {
      const where = `${f.id}.${fd.id}`;
      if (fd.showIf) {
        checkCond(fd.showIf, `${where} showIf`, f.id);
        if (condRefs(fd.showIf).some((r) => (r.form ?? f.id) === f.id && r.field === fd.id))
          problems.push(`${where} showIf: a field cannot depend on itself`);
      }
      if (fd.requiredIf) checkCond(fd.requiredIf, `${where} requiredIf`, f.id);
      if (fd.compute) checkExpr(fd.compute, `${where} compute`, f.id);
      if (fd.codes && fd.type !== 'choice' && fd.type !== 'multi')
        problems.push(`${where}: only choice and multi fields take codes`);
      for (const c of fd.checks) {
        if ('ref' in c) checkRef(c.ref, `${where} ${c.rule} check`, f.id);
        // Date checks on a non-date field would silently never fire.
        if ((c.rule === 'notFuture' || c.rule === 'ageAt' || c.rule === 'eventWindow') && fd.type !== 'date')
          problems.push(`${where}: the ${c.rule} check needs a date field`);
        if (c.rule === 'exclusiveCode' && (fd.type !== 'multi' || !fd.codes?.some((x) => x.code === c.code)))
          problems.push(`${where}: exclusiveCode ${c.code} needs a multi field that has that code`);
      }
      if (
        (fd.min !== undefined || fd.max !== undefined || fd.decimals !== undefined) &&
        fd.type !== 'int' &&
        fd.type !== 'decimal'
      )
        problems.push(`${where}: min, max and decimals apply to int and decimal fields only`);
      if (fd.min !== undefined && fd.max !== undefined && fd.min > fd.max) problems.push(`${where}: min above max`);
      if (fd.pattern) {
        try {
          new RegExp(fd.pattern.regex);
        } catch {
          problems.push(`${where}: pattern is not a valid regular expression`);
        }
      }
    }
  }
}

/** The study-level references: index and birth dates, identifiers, strata, death, cross-form rules, derived values. */
function checkStudyRefs(c: Checks): void {
  const { def, fields, problems, checkRef, checkCond, checkExpr } = c;
  checkRef(def.indexDate, 'indexDate');
  if (def.birthDate) checkRef(def.birthDate, 'birthDate');
  // Windows, day offsets and ages are counted from these: they must be dates.
  for (const [name, ref] of [
    ['indexDate', def.indexDate],
    ['birthDate', def.birthDate],
  ] as const) {
    if (ref && fields.get(ref.form)?.get(ref.field) && fields.get(ref.form)?.get(ref.field)?.type !== 'date')
      problems.push(`${name}: ${ref.form}.${ref.field} is not a date field`);
  }
  def.identifierFields.forEach((r) => checkRef(r, 'identifierFields'));
  def.lookupFields.forEach((r) => checkRef(r, 'lookupFields'));
  def.contactFields.forEach((r) => checkRef(r, 'contactFields'));
  if (def.stratifyBy) checkRef(def.stratifyBy, 'stratifyBy');
  if (def.deathCondition) checkCond(def.deathCondition, 'deathCondition');
  for (const r of def.crossRules) {
    const where = `crossRule ${r.id}`;
    if (r.kind === 'compare') {
      checkRef(r.left, where);
      checkRef(r.right, where);
    } else if (r.kind === 'implies') {
      checkCond(r.when, where);
      checkCond(r.then, where);
    } else if (r.kind === 'datesOnOrAfter') checkRef(r.ref, where);
  }
  for (const d of def.derived) checkExpr(d.expr, `derived ${d.id}`);
  if (def.age && !def.derived.some((d) => d.id === def.age!.derived && d.type === 'int'))
    problems.push(`age: no int derived value ${def.age.derived}`);
}

/** The Summary and report specification names real fields with the codes it counts. */
function checkSummary(c: Checks): void {
  const { def, fields, problems, checkRef } = c;
  const sum = def.summary;
  const codesOf = (form: string, field: string): string[] | null =>
    fields
      .get(form)
      ?.get(field)
      ?.codes?.map((c) => c.code) ?? null;
  if (sum.outcome) {
    checkRef(sum.outcome.pre, 'summary outcome pre');
    sum.outcome.post.forEach((p) => checkRef(p.ref, `summary outcome ${p.id}`));
  }
  for (const r of sum.counts) {
    checkRef(r, 'summary counts');
    if (fields.get(r.form)?.has(r.field) && !codesOf(r.form, r.field))
      problems.push(`summary counts: ${r.form}.${r.field} has no codes to count`);
  }
  sum.characteristics.forEach((r) => checkRef(r, 'summary characteristics'));
  for (const r of sum.changes) {
    checkRef(r, 'summary changes');
    if (fields.get(r.form)?.has(r.field) && !codesOf(r.form, r.field))
      problems.push(`summary changes: ${r.form}.${r.field} has no codes to count`);
  }
  for (const r of sum.responders) {
    if (!sum.outcome?.post.some((p) => p.id === r.post))
      problems.push(`summary responder ${r.id}: no outcome time point ${r.post}`);
    if (r.derived && !def.derived.some((d) => d.id === r.derived))
      problems.push(`summary responder ${r.id}: no derived value ${r.derived}`);
  }
  if (sum.complications) {
    const cx = sum.complications;
    const codes = codesOf(cx.form, cx.gradeField);
    if (!codes) problems.push(`summary complications: ${cx.form}.${cx.gradeField} is not a field with codes`);
    else
      for (const c of [...cx.major, ...cx.minor])
        if (!codes.includes(c)) problems.push(`summary complications: ${cx.form}.${cx.gradeField} has no code ${c}`);
    for (const f of [cx.termField, cx.relationField])
      if (f && !codesOf(cx.form, f)) problems.push(`summary complications: ${cx.form}.${f} is not a field with codes`);
  }
}
