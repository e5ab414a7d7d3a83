/**
 * Is a new version of a study a compatible amendment of the one a site runs? Adding is always
 * fine (fields, forms, codes, events, wider ranges, changed labels). Anything that would orphan
 * or invalidate saved data is refused, each with the place it concerns: a field, form, event or
 * code removed while saved values use it, a range or length narrowed below a saved value, a type
 * or PHI class changed (saved values were stored and sealed by it), the index date or the
 * identifiers moved (every day offset and every sealed value depends on them).
 */
import type { FormValues } from '../../shared/protocol/casebook';
import type { FieldDef, Protocol as ProtocolDef } from '../../shared/protocol/schema';
import { plural, pluralWord } from '../../shared/plural';

export interface SavedInstance {
  event: string;
  form: string;
  instance: number;
  values: FormValues;
}

export interface AmendmentProblem {
  /** Where: `FORM.field`, `FORM`, `event id`, or `study`. */
  where: string;
  rule:
    | 'study'
    | 'version'
    | 'removed'
    | 'type'
    | 'phi'
    | 'codes'
    | 'range'
    | 'length'
    | 'event'
    | 'repeating'
    | 'index'
    | 'identifiers'
    | 'site';
  message: string;
}

export interface AmendmentCheck {
  problems: AmendmentProblem[];
  /** What the new version adds, for the audit row and the person amending. */
  added: { forms: string[]; fields: string[]; codes: string[]; events: string[] };
}

const refKey = (r: { form?: string; event?: string; field: string }) => `${r.form ?? ''}/${r.event ?? ''}/${r.field}`;
const isMissing = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && 'missing' in v;

/** Why a saved value breaks under the new field definition, or null. */
function breaks(f: FieldDef, v: unknown): { rule: AmendmentProblem['rule']; what: string } | null {
  if (v === null || v === undefined || v === '' || isMissing(v)) return null;
  if ((f.type === 'choice' || f.type === 'multi') && f.codes) {
    const codes = new Set(f.codes.map((c) => c.code));
    const gone = (Array.isArray(v) ? v : [v]).map(String).filter((c) => !codes.has(c));
    if (gone.length) return { rule: 'codes', what: `code ${gone.join(', ')} removed` };
  }
  if ((f.type === 'int' || f.type === 'decimal') && typeof v === 'number') {
    if (f.min !== undefined && v < f.min) return { rule: 'range', what: `minimum ${f.min} above saved ${v}` };
    if (f.max !== undefined && v > f.max) return { rule: 'range', what: `maximum ${f.max} below saved ${v}` };
  }
  if (f.type === 'text' && typeof v === 'string') {
    if (f.maxLength !== undefined && v.length > f.maxLength)
      return { rule: 'length', what: `at most ${f.maxLength} characters, a saved value has ${v.length}` };
    if (f.pattern && !new RegExp(f.pattern.regex).test(v))
      return { rule: 'length', what: `pattern ${f.pattern.description} no longer fits a saved value` };
  }
  return null;
}

export function checkAmendment(
  old: ProtocolDef,
  next: ProtocolDef,
  saved: Iterable<SavedInstance>,
  opts: { siteCode: string; knownVersions: string[] },
): AmendmentCheck {
  const problems: AmendmentProblem[] = [];
  const add = (where: string, rule: AmendmentProblem['rule'], message: string) =>
    problems.push({ where, rule, message });
  if (next.id !== old.id) add('study', 'study', `the file is study ${next.id}, this site runs ${old.id}`);
  if (opts.knownVersions.includes(next.version))
    add('study', 'version', `version ${next.version} is already installed: an amendment needs a new version`);
  if (!next.sites.some((x) => x.code === opts.siteCode))
    add('study', 'site', `the new version does not list this site (${opts.siteCode})`);
  if (refKey(next.indexDate) !== refKey(old.indexDate))
    add('study', 'index', 'the index date moved: every saved day offset counts from it');
  const ids = (d: ProtocolDef) => new Set(d.identifierFields.map(refKey));
  const oldIds = ids(old);
  const newIds = ids(next);
  const oldFieldKeys = new Set(old.forms.flatMap((f) => f.fields.map((x) => `${f.id}.${x.id}`)));
  for (const r of [...oldIds].filter((k) => !newIds.has(k)))
    add('study', 'identifiers', `identifier ${r} is no longer declared: its saved values are sealed as identifiers`);
  for (const r of next.identifierFields)
    if (!oldIds.has(refKey(r)) && oldFieldKeys.has(`${r.form}.${r.field}`))
      add('study', 'identifiers', `${r.form}.${r.field} becomes an identifier: its saved values were not sealed`);

  const nextForms = new Map(next.forms.map((f) => [f.id, f]));
  const nextEvents = new Map(next.events.map((e) => [e.id, e]));
  for (const f of old.forms) {
    const nf = nextForms.get(f.id);
    if (!nf) continue;
    const nfields = new Map(nf.fields.map((x) => [x.id, x]));
    for (const x of f.fields) {
      const nx = nfields.get(x.id);
      if (!nx) continue;
      if (nx.type !== x.type) add(`${f.id}.${x.id}`, 'type', `type changed from ${x.type} to ${nx.type}`);
      if (nx.phi !== x.phi) add(`${f.id}.${x.id}`, 'phi', `PHI class changed from ${x.phi} to ${nx.phi}`);
    }
  }

  // Saved data: counted per problem, so the list stays short on a large site.
  const counts = new Map<string, { p: Omit<AmendmentProblem, 'message'>; what: string; n: number }>();
  const count = (where: string, rule: AmendmentProblem['rule'], what: string) => {
    const k = `${where}\u0000${rule}\u0000${what}`;
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { p: { where, rule }, what, n: 1 });
  };
  for (const s of saved) {
    const nf = nextForms.get(s.form);
    const ne = nextEvents.get(s.event);
    if (!nf) {
      count(s.form, 'removed', 'form removed');
      continue;
    }
    if (!ne) count(s.event, 'event', 'event removed');
    else if (!ne.forms.includes(s.form))
      count(`${s.event}/${s.form}`, 'event', `${s.form} no longer collected at ${s.event}`);
    if (s.instance > 1 && !nf.repeating && !ne?.repeating)
      count(s.form, 'repeating', 'no longer repeating, but saved with several instances');
    const nfields = new Map(nf.fields.map((x) => [x.id, x]));
    for (const [id, v] of Object.entries(s.values)) {
      if (v === null || v === undefined || v === '') continue;
      const nx = nfields.get(id);
      if (!nx) {
        count(`${s.form}.${id}`, 'removed', 'field removed');
        continue;
      }
      const b = breaks(nx, v);
      if (b) count(`${s.form}.${id}`, b.rule, b.what);
    }
  }
  for (const { p, what, n } of counts.values())
    problems.push({
      ...p,
      message: `${what} while ${plural(n, 'saved form instance')} ${pluralWord(n, 'uses', 'use')} it`,
    });

  const oldForms = new Map(old.forms.map((f) => [f.id, f]));
  const oldEvents = new Set(old.events.map((e) => e.id));
  const added: AmendmentCheck['added'] = { forms: [], fields: [], codes: [], events: [] };
  for (const nf of next.forms) {
    const of = oldForms.get(nf.id);
    if (!of) {
      added.forms.push(nf.id);
      continue;
    }
    const ofields = new Map(of.fields.map((x) => [x.id, x]));
    for (const nx of nf.fields) {
      const ox = ofields.get(nx.id);
      if (!ox) added.fields.push(`${nf.id}.${nx.id}`);
      else
        for (const c of nx.codes ?? [])
          if (!(ox.codes ?? []).some((o) => o.code === c.code)) added.codes.push(`${nf.id}.${nx.id}=${c.code}`);
    }
  }
  for (const e of next.events) if (!oldEvents.has(e.id)) added.events.push(e.id);
  return { problems, added };
}
