/**
 * A form's values as the user edits them: the saved baseline, the raw values of the controls,
 * which fields were touched, the engine's live evaluation, and the messages each field shows.
 * Every change is handed to the draft keeper so nothing typed is lost.
 */
import { useCallback, useMemo, useState } from 'react';
import type { FieldValue, FormDef } from '../../../shared/protocol/schema';
import type { Study } from '../../../shared/protocol/load';
import { normalizeValue } from '../../../shared/protocol/values';
import type { FieldMessage } from './FieldRow';
import type { RawValue, RawValues } from './types';
import type { FormData } from './useFormData';
import type { DraftKeeper } from './useDraftKeeper';
import { evaluateScreen, standingRuleIds } from './evaluate';
import { rawFromUnknown, sameRaw, toDraft, toRaw } from './values';

export function useFormValues(
  study: Study,
  form: FormDef,
  key: { event: string; form: string },
  data: FormData,
  keeper: DraftKeeper,
  today: string,
) {
  const [baseline, setBaseline] = useState<RawValues>(() => toRaw(form, data.state?.values ?? {}));
  const [raw, setRaw] = useState<RawValues>(baseline);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});

  // Main's calendar day, so the form judges "not in the future" exactly as the save will.
  const engineKey = useMemo(
    () => ({ event: key.event, form: key.form, instance: data.engineInstance }),
    [key.event, key.form, data.engineInstance],
  );
  const standing = useMemo(
    () => standingRuleIds(study, engineKey, data.state?.values ?? null, data.casebook, today),
    [study, engineKey, data.state, data.casebook, today],
  );
  const evaluation = useMemo(
    () => evaluateScreen(study, form, engineKey, raw, data.casebook, today, standing),
    [study, form, engineKey, raw, data.casebook, today, standing],
  );
  const dirtyFields = useMemo(
    () => form.fields.filter((f) => f.type !== 'computed' && !sameRaw(raw[f.id], baseline[f.id])).map((f) => f.id),
    [form, raw, baseline],
  );

  const change = useCallback(
    (id: string, v: RawValue) => {
      setRaw((r) => {
        const next = { ...r, [id]: v };
        keeper.schedule(toDraft(form, next, normalizeValue));
        return next;
      });
      setServerIssues((s) => (s[id] ? Object.fromEntries(Object.entries(s).filter(([k]) => k !== id)) : s));
    },
    [form, keeper],
  );
  const blur = useCallback(
    (id: string) => {
      setTouched((t) => (t.has(id) ? t : new Set(t).add(id)));
      keeper.flush();
    },
    [keeper],
  );

  /** A required field nags only once the user tries to save; other rules once the field was left. */
  const messagesFor = (id: string): FieldMessage[] => {
    const out: FieldMessage[] = [];
    if (serverIssues[id]) out.push({ severity: 'error', message: serverIssues[id] });
    for (const i of [...evaluation.issues, ...evaluation.standing]) {
      if (i.field !== id) continue;
      const isRequired = i.rule === 'required' || i.rule === 'requiredIf';
      if (showAll || (touched.has(id) && !isRequired))
        if (!out.some((m) => m.message === i.message)) out.push({ severity: i.severity, message: i.message });
    }
    return out;
  };

  return {
    raw,
    evaluation,
    dirtyFields,
    change,
    blur,
    messagesFor,
    setShowAll,
    setServerIssues,
    /** The values main saved become the new baseline. */
    markSaved(values: Record<string, FieldValue | undefined>): void {
      const saved = toRaw(form, values);
      setBaseline(saved);
      setRaw(saved);
      setServerIssues({});
    },
    /** A kept draft's values over the current ones; its changed fields count as touched. */
    restore(values: Record<string, unknown>, differs: string[]): void {
      setRaw((r) => ({ ...r, ...rawFromUnknown(form, values) }));
      setTouched(new Set(differs));
    },
  };
}
export type FormValuesState = ReturnType<typeof useFormValues>;
