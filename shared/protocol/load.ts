/** Loads a protocol definition: schema first, then every reference must name something real. */
import { protocolSchema, type FieldDef, type FormDef, type Protocol, type EventDef } from './schema';
import { definitionProblems, type DefinitionProblem } from './load-checks';

export class ProtocolError extends Error {
  /** Each broken reference or rule on its own (the message joins them). */
  readonly problems: string[];
  /** The same problems with the JSON path of the wrong value and the rule it breaks. */
  readonly located: DefinitionProblem[];
  constructor(message: string, located: DefinitionProblem[] = [{ path: [], rule: 'reference', message }]) {
    super(message);
    this.located = located;
    this.problems = located.map((p) => p.message);
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
  const problems = definitionProblems(def);
  if (problems.length)
    throw new ProtocolError(`protocol definition ${def.id}: ${problems.map((p) => p.message).join('; ')}`, problems);

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
