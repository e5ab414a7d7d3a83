/**
 * The demo section's references checked like the rest of the definition: each rule names a real
 * field, draws a value its type can hold, and names only the field's own codes; the network's
 * sites are the study's sites and its groups the grouping field's codes.
 */
import { TEMPLATE_SLOT } from './demo-schema';
import type { Checks, ProblemPath } from './load-checks';

const CODED = ['choice', 'multi', 'yesno'];

/** Each `{FORM.field}` names a real field, each `:label` a coded one, each `{@list}` a phrase list. */
function checkTemplate(c: Checks, t: string, where: string, at: ProblemPath, ownForm?: string): void {
  for (const m of t.matchAll(TEMPLATE_SLOT)) {
    const [, name, form, field, asLabel] = m;
    if (name!.startsWith('@')) {
      if (!c.def.demo?.phrases?.[name!.slice(1)])
        c.add(at, 'unknownPhrase', `${where}: no phrase list ${name!.slice(1)} in demo.phrases`);
      continue;
    }
    // A bare {name} may be one of the person's slots; only a form's field is checked.
    if (form === undefined && !asLabel) continue;
    const f = form ?? ownForm;
    if (f === undefined) continue;
    const fd = c.fields.get(f)?.get(field!);
    if (!fd) c.add(at, 'unknownField', `${where}: {${m[1]}} names no field ${f}.${field!}`);
    else if (asLabel && !CODED.includes(fd.type))
      c.add(at, 'labelOfUncoded', `${where}: {${m[1]}}: a ${fd.type} field has no code labels`);
  }
}

const KIND_TYPES: Record<string, readonly string[]> = {
  normal: ['int', 'decimal'],
  uniform: ['int', 'decimal'],
  codes: ['choice', 'multi', 'yesno'],
  text: ['text'],
  days: ['date'],
  sets: ['multi'],
};

export function checkDemo(c: Checks): void {
  const demo = c.def.demo;
  if (!demo) return;
  demo.fields.forEach((r, i) => {
    const at = ['demo', 'fields', i];
    const where = `demo field rule ${r.form}.${r.field}`;
    c.checkRef(r, where, at);
    if (r.when) c.checkCond(r.when, where, [...at, 'when'], r.form);
    r.text?.forEach((t, k) => checkTemplate(c, t, where, [...at, 'text', k], r.form));
    if (r.scenario !== undefined && !(r.scenario in (demo.scenarios ?? {})))
      c.add([...at, 'scenario'], 'unknownScenario', `${where}: no scenario ${r.scenario} in demo.scenarios`);
    if (r.copy) c.checkRef(r.copy.from, where, [...at, 'copy', 'from'], r.form);
    if (r.days?.from) c.checkRef(r.days.from, where, [...at, 'days', 'from'], r.form);
    const fd = c.fields.get(r.form)?.get(r.field);
    if (!fd) return;
    if (fd.type === 'computed') c.add(at, 'computedField', `${where}: a computed field is left to the engine`);
    for (const [kind, types] of Object.entries(KIND_TYPES))
      if (r[kind as keyof typeof r] !== undefined && !types.includes(fd.type))
        c.add([...at, kind], 'drawType', `${where}: ${kind} does not fit a ${fd.type} field`);
    if (r.copy) {
      const from = c.fields.get(r.copy.from.form ?? r.form)?.get(r.copy.from.field);
      if (from && from.type !== fd.type)
        c.add([...at, 'copy', 'from'], 'copyType', `${where}: copies a ${from.type} field into a ${fd.type} field`);
      if ((r.copy.add || r.copy.remove) && fd.type !== 'multi')
        c.add([...at, 'copy'], 'drawType', `${where}: codes are added or removed only in a multi field`);
    }
    const known = fd.type === 'yesno' ? ['Y', 'N'] : (fd.codes ?? []).map((x) => x.code);
    for (const code of Object.keys(r.codes ?? {}))
      if (!known.includes(code)) c.add([...at, 'codes', code], 'unknownCode', `${where}: no code ${code}`);
    r.sets?.forEach((set, j) =>
      set.codes.forEach((code, k) => {
        if (!known.includes(code)) c.add([...at, 'sets', j, 'codes', k], 'unknownCode', `${where}: no code ${code}`);
      }),
    );
    for (const k of ['remove', 'add'] as const)
      r.copy?.[k]?.forEach((code, j) => {
        if (!known.includes(code)) c.add([...at, 'copy', k, j], 'unknownCode', `${where}: no code ${code}`);
      });
  });
  if (demo.groups) {
    const by = c.def.stratifyBy;
    const codes = by
      ? c.fields
          .get(by.form)
          ?.get(by.field)
          ?.codes?.map((x) => x.code)
      : undefined;
    if (!codes) c.add(['demo', 'groups'], 'noStratifyBy', 'demo groups: the study has no stratifyBy choice field');
    else
      for (const code of Object.keys(demo.groups))
        if (!codes.includes(code)) c.add(['demo', 'groups', code], 'unknownCode', `demo groups: no code ${code}`);
  }
  for (const [id, list] of Object.entries(demo.phrases ?? {}))
    list.forEach((t, k) => checkTemplate(c, t, `demo phrase list ${id}`, ['demo', 'phrases', id, k]));
  if (demo.sexField) {
    c.checkRef(demo.sexField, 'demo sexField', ['demo', 'sexField']);
    const codes = c.fields
      .get(demo.sexField.form)
      ?.get(demo.sexField.field)
      ?.codes?.map((x) => x.code);
    for (const key of ['female', 'male'] as const)
      if (codes && !codes.includes(demo.sexField[key]))
        c.add(['demo', 'sexField', key], 'unknownCode', `demo sexField: no code ${demo.sexField[key]}`);
  }
  for (const [id, rule] of Object.entries(demo.events ?? {})) {
    const ev = c.events.get(id);
    if (!ev) c.add(['demo', 'events', id], 'unknownEvent', `demo events: no event ${id}`);
    if (rule.days && ev?.repeating)
      c.add(['demo', 'events', id, 'days'], 'repeating', `demo events ${id}: a repeating event has no visit day`);
    for (const sc of Object.keys(rule.scenarios ?? {})) {
      const at = ['demo', 'events', id, 'scenarios', sc];
      if (!(sc in (demo.scenarios ?? {})))
        c.add(at, 'unknownScenario', `demo events ${id}: no scenario ${sc} in demo.scenarios`);
      if (ev && !ev.repeating)
        c.add(at, 'notRepeating', `demo events ${id}: only a repeating event takes a scenario's instances`);
    }
  }
  demo.sites?.forEach((s, i) => {
    if (!c.def.sites.some((x) => x.code === s.code))
      c.add(['demo', 'sites', i, 'code'], 'unknownSite', `demo sites: no site ${s.code}`);
  });
  const net = demo.network;
  if (!net) return;
  net.sites.forEach((s, i) => {
    if (!c.def.sites.some((x) => x.code === s.code))
      c.add(['demo', 'network', 'sites', i, 'code'], 'unknownSite', `demo network: no site ${s.code}`);
  });
  if (net.groups) {
    const by = c.def.stratifyBy;
    const fd = by ? c.fields.get(by.form)?.get(by.field) : undefined;
    if (!fd?.codes)
      c.add(
        ['demo', 'network', 'groups'],
        'noStratifyBy',
        'demo network groups: the study has no stratifyBy choice field',
      );
    else
      for (const code of Object.keys(net.groups))
        if (!fd.codes.some((x) => x.code === code))
          c.add(['demo', 'network', 'groups', code], 'unknownCode', `demo network groups: no code ${code}`);
  }
}
