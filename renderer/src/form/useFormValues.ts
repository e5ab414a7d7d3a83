/**
 * A form's values as the user edits them: the saved baseline, the raw values of the controls,
 * which fields were touched, the engine's live evaluation, and the messages each field shows.
 * Every change is handed to the draft keeper so nothing typed is lost.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FieldValue, FormDef } from '../../../shared/protocol/schema';
import type { Study } from '../../../shared/protocol/load';
import { normalizeValue } from '../../../shared/protocol/values';
import type { FieldMessage } from './FieldRow';
import type { RawValue, RawValues } from './types';
import type { FormData } from './useFormData';
import type { DraftKeeper } from './useDraftKeeper';
import { evaluateScreen, standingRuleIds } from './evaluate';
import { rawFromUnknown, sameRaw, toDraft, toRaw } from './values';

/** How long typing must pause before a cross-form rule is shown on the field. */
const TYPING_PAUSE_MS = 300;

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
  // Fields typed in and then paused on: a cross-form rule shows there before the field is left.
  const [typed, setTyped] = useState<Set<string>>(() => new Set());
  const typingTimers = useRef(new Map<string, number>());
  useEffect(() => {
    const timers = typingTimers.current;
    return () => timers.forEach((t) => window.clearTimeout(t));
  }, []);

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
      // Debounced, so a date half typed (01/0…) is not judged against the casebook mid-keystroke.
      const timers = typingTimers.current;
      window.clearTimeout(timers.get(id));
      timers.set(
        id,
        window.setTimeout(() => {
          timers.delete(id);
          setTyped((t) => (t.has(id) ? t : new Set(t).add(id)));
        }, TYPING_PAUSE_MS),
      );
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

  /**
   * A required field nags only once the user tries to save; other rules once the field was left;
   * a cross-form rule (issue 11: "while typing where the casebook allows") as soon as typing pauses,
   * since the other forms' values it reads are on the screen already.
   */
  const messagesFor = (id: string): FieldMessage[] => {
    const out: FieldMessage[] = [];
    if (serverIssues[id]) out.push({ severity: 'error', message: serverIssues[id] });
    for (const i of [...evaluation.issues, ...evaluation.standing]) {
      if (i.field !== id) continue;
      const isRequired = i.rule === 'required' || i.rule === 'requiredIf';
      const seen = touched.has(id) || (typed.has(id) && evaluation.cross.includes(i));
      if (showAll || (seen && !isRequired))
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
