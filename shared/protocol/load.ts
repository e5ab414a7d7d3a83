/** Loads a protocol definition: schema first, then every reference must name something real. */
import { protocolSchema, type Condition, type Expr, type FieldDef, type FieldRef, type FormDef, type Protocol, type EventDef } from './schema';

export class ProtocolError extends Error {}

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

export function loadProtocol(input: unknown): Study {
  const parsed = protocolSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ProtocolError(`protocol definition: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  const def = parsed.data;
  const forms = new Map(def.forms.map((f) => [f.id, f]));
  const events = new Map(def.events.map((e) => [e.id, e]));
  const fields = new Map(def.forms.map((f) => [f.id, new Map(f.fields.map((x) => [x.id, x]))]));
  const problems: string[] = [];
  if (forms.size !== def.forms.length) problems.push('form ids must be unique');
  if (events.size !== def.events.length) problems.push('event ids must be unique');
  for (const f of def.forms) if (fields.get(f.id)?.size !== f.fields.length) problems.push(`form ${f.id}: field ids must be unique`);

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

  for (const ev of def.events) for (const f of ev.forms) if (!forms.has(f)) problems.push(`event ${ev.id}: no form ${f}`);
  for (const f of def.forms) {
    if (!def.events.some((e) => e.forms.includes(f.id))) problems.push(`form ${f.id} is collected at no event`);
    for (const fd of f.fields) {
      const where = `${f.id}.${fd.id}`;
      if (fd.showIf) checkCond(fd.showIf, where, f.id);
      if (fd.requiredIf) checkCond(fd.requiredIf, where, f.id);
      if (fd.compute) checkExpr(fd.compute, where, f.id);
      for (const c of fd.checks) if ('ref' in c) checkRef(c.ref, where, f.id);
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
  def.identifierFields.forEach((r) => checkRef(r, 'identifierFields'));
  def.lookupFields.forEach((r) => checkRef(r, 'lookupFields'));
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
  if (problems.length) throw new ProtocolError(`protocol definition ${def.id}: ${problems.join('; ')}`);

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
