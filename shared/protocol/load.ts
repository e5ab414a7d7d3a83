/** Loads a protocol definition: schema first, then every reference must name something real. */
import {
  protocolSchema,
  type Condition,
  type Expr,
  type FieldDef,
  type FieldRef,
  type FormDef,
  type Protocol,
  type EventDef,
} from './schema';

export class ProtocolError extends Error {
  /** Each broken reference or rule on its own (the message joins them). */
  readonly problems: string[];
  constructor(message: string, problems: string[] = [message]) {
    super(message);
    this.problems = problems;
  }
}

/** A loaded protocol with the look-ups every caller needs. */
export interface Study {
  readonly def: Protocol;
  form(id: string): FormDef;
  field(formId: string, fieldId: string): FieldDef;
  event(id: string): EventDef;
  /** Events at which a form is collected. */
  eventsOfForm(formId: string): EventDef[];
  hasForm(id: string): boolean;
  hasEvent(id: string): boolean;
}

function condRefs(c: Condition): FieldRef[] {
  if ('all' in c) return c.all.flatMap(condRefs);
  if ('any' in c) return c.any.flatMap(condRefs);
  if ('not' in c) return condRefs(c.not);
  if ('formExists' in c) return [];
  return [c];
}

/** `forms.3.fields.2.codes` reads better as `form PROC › field cement_ml › codes`. */
function wherePath(input: unknown, path: PropertyKey[]): string {
  const out: string[] = [];
  let node: unknown = input;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next =
      node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key as string] : undefined;
    const parent = path[i - 1];
    const id =
      next !== null && typeof next === 'object' && typeof (next as { id?: unknown }).id === 'string'
        ? (next as { id: string }).id
        : undefined;
    if (typeof key === 'number' && id && typeof parent === 'string')
      out[out.length - 1] = `${parent.replace(/s$/, '')} ${id}`;
    else out.push(String(key));
    node = next;
  }
  return out.join(' › ');
}

export function loadProtocol(input: unknown): Study {
  const parsed = protocolSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ProtocolError(
      `protocol definition: ${first ? wherePath(input, first.path) : ''}: ${first?.message ?? 'invalid'}`,
    );
  }
  const def = parsed.data;
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
  if (problems.length) throw new ProtocolError(`protocol definition ${def.id}: ${problems.join('; ')}`, problems);

  return {
    def,
    form(id) {
      const f = forms.get(id);
      if (!f) throw new ProtocolError(`no form ${id}`);
      return f;
    },
    field(formId, fieldId) {
      const f = fields.get(formId)?.get(fieldId);
      if (!f) throw new ProtocolError(`no field ${formId}.${fieldId}`);
      return f;
    },
    event(id) {
      const e = events.get(id);
      if (!e) throw new ProtocolError(`no event ${id}`);
      return e;
    },
    eventsOfForm: (formId) => def.events.filter((e) => e.forms.includes(formId)),
    hasForm: (id) => forms.has(id),
    hasEvent: (id) => events.has(id),
  };
}
