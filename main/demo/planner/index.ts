/**
 * The generic demo planner: a plausible casebook for any study, from its definition alone (events
 * and their windows from the index date, forms per event, field types, ranges, codes, required,
 * show-if evaluated by the protocol engine so hidden fields stay blank, computed fields left to
 * the engine, identifiers by their declared roles), shaped by the definition's `demo` section
 * where it has one (distributions, shares, phrase lists). Each planned form is evaluated as the
 * services will evaluate it, so only saves the engine accepts are planned.
 */
import { addDays, daysBetween } from '../../../shared/dates';
import type { Casebook, FormKey } from '../../../shared/protocol/casebook';
import type { DemoFieldRule, DemoSpec } from '../../../shared/protocol/demo-schema';
import { evalCondition, resolveOne, type Scope } from '../../../shared/protocol/evaluate-core';
import { evaluateForm } from '../../../shared/protocol/engine';
import { formRuleIssues } from '../../../shared/protocol/form-rules';
import { identifierRole } from '../../../shared/protocol/knowledge';
import type { Study } from '../../../shared/protocol/load';
import { demoSpecSchema, type FieldDef, type FieldRef, type IdentifierRole } from '../../../shared/protocol/schema';
import { subjectDied } from '../../../shared/protocol/visit-status';
import { isFemale, phone, phoneForm, randomPerson } from '../names';
import type { PlanContext, PlannedSave, Planner, SubjectPlan, Values } from '../plan';
import { clampRound, type Rng } from '../random';
import { scenarioSubjects } from './quota';
import { ageRange, birthDateFor, keepComparisons, visitDay } from './calendar';
import { drawCode, drawMulti, drawNumber } from './draw';
import { writeText, type TextContext } from './text';

const REQUIRED_RULES = new Set(['required', 'requiredIf']);
const WITHDRAW_REASONS = ['Duplicate registration of a patient already enrolled', 'Found ineligible on source review'];
/** Instances of a repeating event per subject when the study does not say (count → weight). */
const DEFAULT_COUNT: Record<string, number> = { '0': 50, '1': 30, '2': 20 };

const keyOf = (form: string, field: string): string => `${form}.${field}`;
const same = (r: FieldRef & { form: string }, form: string, field: string): boolean =>
  r.form === form && r.field === field;

/** A code's label as a note writes it; yes/no in words. */
function codeLabel(study: Study, form: string, field: string, code: string): string | undefined {
  const f = study.field(form, field);
  if (f.type === 'yesno') return code === 'Y' ? 'yes' : code === 'N' ? 'no' : undefined;
  return f.codes?.find((c) => c.code === code)?.label;
}

/** A value planned before, for a multi with codes taken away and added (in the field's code order). */
function copyOf(f: FieldDef, c: NonNullable<DemoFieldRule['copy']>, scope: Scope): Values[string] | undefined {
  const v = resolveOne(c.from, scope);
  if (v === null || v === '') return undefined;
  if (f.type !== 'multi') return v;
  if (!Array.isArray(v)) return undefined;
  const out = new Set([...v.filter((x) => !c.remove?.includes(x)), ...(c.add ?? [])]);
  const codes = (f.codes ?? []).map((x) => x.code).filter((x) => out.has(x));
  return codes.length ? codes : undefined;
}

/** A visit's day from the index date: one of the study's weighted ranges, then a day within it. */
function dayIn(rng: Rng, ranges: readonly { min: number; max: number; weight: number }[]): number {
  const r = rng.weighted(ranges.map((x) => [x, x.weight] as const));
  return rng.int(r.min, r.max);
}

export function genericPlanner(study: Study, run: { seed: number; size: number }): Planner {
  const def = study.def;
  const spec: DemoSpec = def.demo ?? demoSpecSchema.parse({});
  const scenarios = scenarioSubjects(spec, run);
  const rules = new Map<string, DemoFieldRule[]>();
  for (const r of spec.fields) rules.set(keyOf(r.form, r.field), [...(rules.get(keyOf(r.form, r.field)) ?? []), r]);
  const roles = new Map<string, IdentifierRole>();
  for (const r of def.identifierFields) roles.set(keyOf(r.form, r.field), identifierRole(study, r));
  const birthRef = def.birthDate;
  const [ageMin, ageMax] = ageRange(birthRef ? study.field(birthRef.form, birthRef.field) : undefined);
  const span = spec.indexSpanDays ?? 3 * 365;

  return (rng: Rng, ctx: PlanContext): SubjectPlan => {
    const inScenario = (id: string): boolean => scenarios.get(id)?.has(ctx.index) ?? false;
    /** The scenario a repeating instance was added for: its rules are that instance's alone. */
    let adding: string | undefined;
    const scenarioHolds = (id: string, event: string): boolean =>
      study.event(event).repeating ? adding === id : inScenario(id);
    // A study whose people differ by group draws the group first, so the person can follow it.
    const by = def.stratifyBy;
    const early =
      spec.groups && by
        ? (ctx.group ?? drawCode(rng, study.field(by.form, by.field), rules.get(keyOf(by.form, by.field))?.[0]))
        : undefined;
    const people = early === undefined ? undefined : spec.groups?.[early];
    const person = randomPerson(rng, people?.female ?? spec.female ?? 0.5);
    const tel = phone(rng, ctx.geo);
    let mrn = ctx.geo.mrn(rng);
    while (ctx.mrns.has(mrn)) mrn = ctx.geo.mrn(rng);
    ctx.mrns.add(mrn);
    const indexDate = addDays(ctx.today, -rng.int(0, span));
    const ageRule = people?.age ?? spec.age;
    const age = ageRule
      ? clampRound(rng.normal(ageRule.mean, ageRule.sd), ageMin, ageMax)
      : rng.int(ageMin, Math.min(ageMax, Math.max(ageMin, 89)));
    const birth = birthRef ? birthDateFor(rng, indexDate, age) : null;
    const cb: Casebook = { subjectId: '', forms: [] };
    const saves: PlannedSave[] = [];

    const fieldValue = (f: FieldDef, key: FormKey, scope: Scope, date: string): Values[string] | undefined => {
      const { form } = key;
      if (same(def.indexDate, form, f.id)) return indexDate;
      if (birthRef && birth && same(birthRef, form, f.id)) return birth;
      if (spec.sexField && same(spec.sexField, form, f.id))
        return isFemale(person) ? spec.sexField.female : spec.sexField.male;
      const rule = rules
        .get(keyOf(form, f.id))
        ?.find(
          (r) =>
            (!r.event || r.event === key.event) &&
            (!r.scenario || scenarioHolds(r.scenario, key.event)) &&
            (!r.when || evalCondition(r.when, scope)),
        );
      const stratified = def.stratifyBy && same(def.stratifyBy, form, f.id);
      const required = stratified || f.required || (f.requiredIf ? evalCondition(f.requiredIf, scope) : false);
      if (!required && !rng.chance(rule?.fill ?? 0.85)) return undefined;
      const role = roles.get(keyOf(form, f.id)) ?? (f.phi === 'birthdate' ? 'birthDate' : undefined);
      if (role === 'recordNumber') return mrn;
      if (role === 'lastName') return person.last;
      if (role === 'firstName') return person.first;
      if (role === 'fullName') return `${person.first} ${person.last}`;
      if (role === 'phone') return phoneForm(tel);
      if (role === 'birthDate' && birth) return birth;
      if ((role === 'zip' || f.phi === 'geo') && f.type === 'text') return rng.pick(ctx.geo.zips);
      if (rule?.missing && rng.chance(rule.missing.share)) return { missing: rule.missing.code };
      if (rule?.value !== undefined) return rule.value;
      const copied = rule?.copy ? copyOf(f, rule.copy, scope) : undefined;
      if (copied !== undefined) return copied;
      switch (f.type) {
        case 'int':
        case 'decimal':
          return drawNumber(rng, f, rule);
        case 'choice':
        case 'yesno': {
          const drawn = drawCode(rng, f, rule);
          // Drawn even when the cohort fixes it, so the subject's other values keep their random stream.
          if (stratified && early !== undefined) return early;
          return stratified && ctx.group !== undefined ? ctx.group : drawn;
        }
        case 'multi':
          return drawMulti(rng, f, rule);
        case 'date': {
          let d = date;
          if (rule?.days) {
            const from = rule.days.from ? resolveOne(rule.days.from, scope) : indexDate;
            d = addDays(typeof from === 'string' ? from : indexDate, rng.int(rule.days.min, rule.days.max));
          }
          d = keepComparisons(rng, f, d, (ref) => {
            // The index date is known before its form is planned.
            if (same({ form, ...ref }, def.indexDate.form, def.indexDate.field)) return indexDate;
            const v = resolveOne(ref, scope);
            return typeof v === 'string' ? v : null;
          });
          return d > ctx.today ? ctx.today : d;
        }
        case 'text':
          return textValue(f, rule, scope, date);
        default:
          return undefined;
      }
    };

    const textValue = (
      f: FieldDef,
      rule: DemoFieldRule | undefined,
      scope: Scope,
      date: string,
    ): string | undefined => {
      const c: TextContext = {
        rng,
        person,
        age,
        mrn,
        phone: tel,
        hospital: ctx.geo.hospital,
        date,
        values: scope.values!,
        lookup: (form, field) => resolveOne({ form, field }, scope),
        label: (form, field, code) => codeLabel(study, form ?? scope.key!.form, field, code),
        phrases: spec.phrases,
      };
      const fits = (t: string | null): t is string =>
        t !== null && t.length >= (f.minLength ?? 1) && (!f.pattern || new RegExp(f.pattern.regex).test(t));
      const cut = (t: string): string => (f.maxLength && t.length > f.maxLength ? t.slice(0, f.maxLength).trim() : t);
      if (rule?.text || f.phi === 'freetext') {
        const t = writeText(c, rule?.text);
        return fits(t) ? cut(t) : undefined;
      }
      // A patterned field takes whichever of the person's identifiers fits it (initials, a name…).
      const candidates = f.pattern ? ['{initials}', '{last}', '{first}', '{mrn}'] : [`${f.label} ${rng.int(1, 9)}`];
      for (const t of candidates) {
        const v = writeText(c, [t]);
        if (fits(v)) return cut(v);
      }
      return undefined;
    };

    /** Plans a form and keeps what the engine accepts; null when the form cannot be saved at all. */
    const planForm = (event: string, form: string, date: string): PlannedSave | null => {
      const fd = study.form(form);
      const instance = fd.repeating ? 1 + cb.forms.filter((x) => x.event === event && x.form === form).length : 1;
      const key: FormKey = { event, form, instance };
      const values: Values = {};
      const scope: Scope = { key, values, casebook: cb };
      for (const f of fd.fields) {
        if (f.type === 'computed' || (f.showIf && !evalCondition(f.showIf, scope))) continue;
        const v = fieldValue(f, key, scope, date);
        if (v !== undefined) values[f.id] = v;
      }
      for (let round = 0; round < 4; round++) {
        const ev = evaluateForm(study, key, values, cb, ctx.today);
        const issues = [...ev.issues, ...formRuleIssues(study, key, ev.values, cb, ctx.today)];
        const errors = issues.filter((i) => i.severity === 'error' && !REQUIRED_RULES.has(i.rule));
        if (!errors.length) {
          cb.forms.push({ ...key, values: ev.values });
          const draft = issues.some((i) => i.severity === 'error' && REQUIRED_RULES.has(i.rule));
          return { event, form, values: { ...values }, status: draft ? 'draft' : 'complete' };
        }
        // A value the engine refuses is left blank (the form may then be a draft).
        const wrong = errors.filter((i) => i.field !== undefined && i.field in values);
        if (!wrong.length) return null;
        for (const i of wrong) delete values[i.field!];
      }
      return null;
    };

    let lost = false;
    let aes = 0;
    for (const ev of def.events) {
      if (ev.repeating) continue;
      if (lost || subjectDied(study, cb)) break;
      const rule = spec.events?.[ev.id];
      const date = addDays(indexDate, rule?.days ? dayIn(rng, rule.days) : visitDay(rng, ev));
      if (date > ctx.today || !rng.chance(rule?.entered ?? (ev.followUp ? 0.92 : 1))) continue;
      for (const form of ev.forms) {
        const save = planForm(ev.id, form, date);
        if (save) saves.push(save);
      }
      if (ev.followUp && rng.chance(rule?.lost ?? 0.04)) lost = true;
    }
    const lastDay = daysBetween(indexDate, ctx.today);
    for (const ev of def.events) {
      if (!ev.repeating) continue;
      const weights = spec.events?.[ev.id]?.count ?? DEFAULT_COUNT;
      const n = Number(rng.weighted(Object.entries(weights).map(([k, w]) => [k, w] as const)));
      const plan = (scenario: string | undefined): void => {
        const date = addDays(indexDate, rng.int(0, Math.max(0, lastDay)));
        adding = scenario;
        for (const form of ev.forms) {
          const save = planForm(ev.id, form, date);
          if (save) {
            saves.push(save);
            aes++;
          }
        }
        adding = undefined;
      };
      for (let k = 0; k < n; k++) plan(undefined);
      // A scenario's own instances come after the usual ones, so other subjects keep their stream.
      for (const [id, extra] of Object.entries(spec.events?.[ev.id]?.scenarios ?? {}))
        if (inScenario(id)) for (let k = 0; k < extra; k++) plan(id);
    }

    // A few forms stay drafts: the coordinator was interrupted before one required answer.
    if (saves.length > 1 && rng.chance(spec.drafts ?? 0.03)) {
      const i = rng.int(1, saves.length - 1);
      const s = saves[i]!;
      const guards = JSON.stringify(study.form(s.form).fields.map((f) => [f.showIf, f.requiredIf, f.compute]));
      const drop = study
        .form(s.form)
        .fields.find((f) => f.required && f.type !== 'date' && f.id in s.values && !guards.includes(`"${f.id}"`));
      if (drop && s.status === 'complete') {
        const { [drop.id]: _omit, ...rest } = s.values;
        saves[i] = { ...s, values: rest, status: 'draft' };
      }
    }

    const groupValue = by ? cb.forms.find((f) => f.form === by.form)?.values[by.field] : undefined;
    const plan: SubjectPlan = {
      group: typeof groupValue === 'string' ? groupValue : null,
      saves,
      dead: subjectDied(study, cb),
      lost,
      aes,
    };
    if (rng.chance(spec.withdrawn ?? 0.005)) plan.withdrawReason = rng.pick(spec.withdrawReasons ?? WITHDRAW_REASONS);
    return plan;
  };
}
