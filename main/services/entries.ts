/**
 * Scripted data entry (`sitecrf enter`): a JSON file of entries applied through the same
 * services and rules as the screens. Each entry is its own transaction: a rejected entry is
 * reported with subject, form, field and rule, and the valid ones are applied.
 */
import { z } from 'zod';
import { CrfError, isCrfError } from '../../shared/errors';
import { saveForm } from './save-form';
import type { SiteSession } from './session';
import { registerSubject } from './subjects';
import { SAVE_STATUSES } from '../../shared/status';

const alias = z.string().min(1).max(40);
const values = z.record(z.string().max(64), z.unknown());

export const entrySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('register'), as: alias.optional() }).strict(),
  z
    .object({
      action: z.literal('save'),
      subject: alias,
      event: z.string().max(64),
      form: z.string().max(64),
      instance: z.number().int().min(1).optional(),
      status: z.enum(SAVE_STATUSES).default('complete'),
      values,
      reason: z.string().max(500).optional(),
      merge: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      action: z.literal('add'),
      subject: alias,
      form: z.string().max(64),
      event: z.string().max(64).optional(),
      status: z.enum(SAVE_STATUSES).default('complete'),
      values,
    })
    .strict(),
]);
export const entriesFileSchema = z.object({ entries: z.array(z.unknown()).max(100_000) }).strict();
export type Entry = z.infer<typeof entrySchema>;

export interface EntryResult {
  index: number;
  ok: boolean;
  subjectId?: string;
  form?: string;
  event?: string;
  instance?: number;
  field?: string;
  rule?: string;
  message?: string;
  warnings?: string[];
}

export function applyEntries(
  s: SiteSession,
  raw: unknown,
): { results: EntryResult[]; aliases: Record<string, string> } {
  s.require('form.save');
  const file = entriesFileSchema.safeParse(raw);
  if (!file.success)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'entries',
      rule: 'shape',
      message: `The entries file must be {"entries": [...]}: ${file.error.issues[0]?.message}`,
    });
  const aliases: Record<string, string> = {};
  const results: EntryResult[] = [];
  file.data.entries.forEach((rawEntry, index) => {
    const parsed = entrySchema.safeParse(rawEntry);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      results.push({
        index,
        ok: false,
        field: i?.path.join('.') || 'action',
        rule: 'shape',
        message: i?.message ?? 'invalid entry',
      });
      return;
    }
    const e = parsed.data;
    const subjectOf = (ref: string): string => aliases[ref] ?? ref;
    try {
      if (e.action === 'register') {
        const sub = registerSubject(s);
        if (e.as) aliases[e.as] = sub.subjectId;
        results.push({ index, ok: true, subjectId: sub.subjectId });
      } else {
        let event = e.event;
        if (e.action === 'add' && !event) {
          const form = e.form;
          event = s.study.def.events.find(
            (ev) =>
              ev.forms.includes(form) && (ev.repeating || (s.study.hasForm(form) && s.study.form(form).repeating)),
          )?.id;
          if (!event)
            throw new CrfError({
              code: 'VALIDATION',
              field: 'form',
              rule: 'repeating',
              message: `${e.form} is not a repeating form: use "save" with its event`,
            });
        }
        const r = saveForm(s, {
          subjectId: subjectOf(e.subject),
          event: event!,
          form: e.form,
          instance: e.action === 'save' ? e.instance : undefined,
          values: e.values,
          status: e.status,
          reason: e.action === 'save' ? e.reason : undefined,
          merge: e.action === 'save' ? e.merge : false,
        });
        results.push({
          index,
          ok: true,
          subjectId: r.form.subjectId,
          event: r.form.event,
          form: r.form.form,
          instance: r.form.instance,
          warnings: r.form.issues.filter((i) => i.severity === 'warning').map((i) => `${i.field}: ${i.message}`),
        });
      }
    } catch (err) {
      if (!isCrfError(err)) throw err;
      const first = err.issues?.[0];
      results.push({
        index,
        ok: false,
        subjectId: 'subject' in e ? subjectOf(e.subject) : undefined,
        form: 'form' in e ? e.form : undefined,
        event: 'event' in e ? e.event : undefined,
        field: first?.field ?? err.field,
        rule: first?.rule ?? err.rule ?? err.code.toLowerCase(),
        message: err.message,
      });
    }
  });
  return { results, aliases };
}
