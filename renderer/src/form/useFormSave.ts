/**
 * Saving a form: the engine's errors stop the save before it is sent (summary at the top, focus
 * on the first field), a change to a complete form asks for its reason, and main's answer is
 * shown where the eye is: saved with warnings, or not saved with main's issues on their fields.
 * Main re-validates every save and is the authority.
 */
import { useRef, useState, type RefObject } from 'react';
import type { FormDef } from '../../../shared/protocol/schema';
import { normalizeValue } from '../../../shared/protocol/values';
import { api, errorOf } from '../app/api';
import { navigate } from '../app/router';
import { focusField } from './focus';
import type { SummaryIssue } from './IssueSummary';
import type { DraftKeeper } from './useDraftKeeper';
import type { FormData } from './useFormData';
import type { FormValuesState } from './useFormValues';
import { toDraft, toSend } from './values';
import { plural } from '../../../shared/plural';

type FormState = NonNullable<FormData['state']>;
export type SaveMode = 'auto' | 'draft';

export interface FormSaveDeps {
  route: { subjectId: string; event: string; form: string; instance: number };
  form: FormDef;
  state: FormData['state'];
  values: FormValuesState;
  keeper: DraftKeeper;
  readOnly: boolean;
  wasComplete: boolean;
  /** where "save and next" goes (the casebook after the last form) */
  next: { event: string; form: string } | undefined;
  summaryRef: RefObject<HTMLDivElement | null>;
  onSaved(s: FormState): void;
  onDraftGone(): void;
  notify(message: string): void;
}

export function useFormSave(d: FormSaveDeps) {
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<{ title: string; issues: SummaryIssue[] } | null>(null);
  const [reasonFor, setReasonFor] = useState<{ next: boolean } | null>(null);

  const focusSummary = (): void => void window.requestAnimationFrame(() => d.summaryRef.current?.focus());

  const save = async (mode: SaveMode, goNext: boolean, reason?: string): Promise<void> => {
    const { route, form, values, keeper } = d;
    if (d.readOnly || busy) return;
    const ev = values.evaluation;
    const saveStatus: 'draft' | 'complete' =
      mode === 'draft' && !d.wasComplete ? 'draft' : ev.canComplete || d.wasComplete ? 'complete' : 'draft';
    const errors = ev.issues.filter(
      (i) =>
        i.severity === 'error' && (saveStatus === 'complete' || (i.rule !== 'required' && i.rule !== 'requiredIf')),
    );
    const warnings = ev.issues.filter((i) => i.severity === 'warning');
    const asSummary = (list: typeof ev.issues): SummaryIssue[] =>
      list.map((i) => ({ field: i.field, label: i.label ?? '', severity: i.severity, message: i.message }));
    if (errors.length && mode === 'draft' && saveStatus === 'draft') {
      await keepAsDraft(errors.length, asSummary([...errors, ...warnings]), errors[0]?.field);
      return;
    }
    if (errors.length) {
      values.setShowAll(true);
      setSummary({
        title: `Not saved: ${plural(errors.length, 'error', 'errors')} to fix`,
        issues: asSummary([...errors, ...warnings]),
      });
      if (errors[0]?.field) focusField(errors[0].field);
      else focusSummary();
      return;
    }
    if (d.wasComplete && values.dirtyFields.length && !reason) {
      setReasonFor({ next: goNext });
      return;
    }
    setBusy(true);
    keeper.cancel();
    try {
      const r = await api['forms.save']({
        subjectId: route.subjectId,
        event: route.event,
        form: route.form,
        instance: route.instance > 0 ? route.instance : undefined,
        values: toSend(form, values.raw),
        status: saveStatus,
        reason,
        expectedVersion: route.instance > 0 ? (d.state?.version ?? 0) : undefined,
      });
      values.markSaved(r.form.values);
      d.onDraftGone();
      d.onSaved(r.form);
      const label = `${form.label}${form.repeating ? ` #${r.form.instance}` : ''}`;
      d.notify(
        `${label} saved${r.form.status === 'complete' ? ' as complete' : ' as a draft'}${r.signatureVoided ? '; the signature was voided' : ''}.`,
      );
      const savedWarnings = r.form.issues.filter((i) => i.severity === 'warning');
      setSummary(
        savedWarnings.length
          ? {
              title: `Saved with ${plural(savedWarnings.length, 'warning', 'warnings')} to review`,
              issues: savedWarnings.map((i) => ({
                field: i.field,
                label: i.label ?? '',
                severity: 'warning',
                message: i.message,
              })),
            }
          : null,
      );
      values.setShowAll(savedWarnings.length > 0);
      if (goNext)
        navigate(
          d.next
            ? { name: 'form', subjectId: route.subjectId, event: d.next.event, form: d.next.form, instance: 1 }
            : { name: 'casebook', subjectId: route.subjectId },
        );
      else if (route.instance === 0)
        navigate(
          { name: 'form', subjectId: route.subjectId, event: route.event, form: route.form, instance: r.form.instance },
          true,
        );
    } catch (e) {
      const err = errorOf(e);
      keeper.schedule(toDraft(form, values.raw, normalizeValue));
      if (err.code === 'REASON_REQUIRED') {
        setReasonFor({ next: goNext });
        return;
      }
      const issues = (err.issues ?? []).filter((i) => !i.form || i.form === route.form);
      const own: Record<string, string> = {};
      for (const i of issues)
        if (i.field && form.fields.some((f) => f.id === i.field) && (!i.event || i.event === route.event))
          own[i.field] = i.message;
      values.setServerIssues(own);
      values.setShowAll(true);
      const list: SummaryIssue[] = issues.length
        ? (err.issues ?? []).map((i) => ({
            field: i.field && own[i.field] ? i.field : undefined,
            label: '',
            severity: i.severity,
            // Another form's issue names its form, taken from the issue's data.
            message: i.form && i.form !== route.form ? `${i.form}: ${i.message}` : i.message,
          }))
        : [{ label: '', severity: 'error', message: err.message }];
      setSummary({
        title: err.code === 'SESSION' ? 'Not saved: the session is locked. Unlock and save again.' : 'Not saved',
        issues: err.code === 'SESSION' ? [] : list,
      });
      const firstField = Object.keys(own)[0];
      if (firstField) focusField(firstField);
      else focusSummary();
    } finally {
      setBusy(false);
    }
  };

  /**
   * "Save as draft" with invalid values: everything typed is kept, as typed, as the user's kept
   * draft (encrypted in the database, never a form instance, never exported or audited as a
   * value); the casebook gets the values once they are valid. Reopening the form offers the
   * draft back with its errors listed.
   */
  const keepAsDraft = async (count: number, issues: SummaryIssue[], firstField: string | undefined): Promise<void> => {
    const { route, form, values, keeper } = d;
    setBusy(true);
    keeper.cancel();
    values.setShowAll(true);
    try {
      await api['drafts.keep']({
        subjectId: route.subjectId,
        event: route.event,
        form: route.form,
        instance: route.instance,
        baseVersion: d.state?.version ?? 0,
        values: toDraft(form, values.raw, normalizeValue),
      });
      const errors = plural(count, 'error', 'errors');
      setSummary({
        title: `Kept as your draft with ${errors} to fix: nothing goes into the casebook until they are fixed`,
        issues,
      });
      d.notify(`${form.label} kept as a draft with ${errors} to fix.`);
    } catch (e) {
      keeper.schedule(toDraft(form, values.raw, normalizeValue));
      // Refused: say so in the words of every refused save, with main's reason; the screen keeps
      // what was typed (values are untouched) and the keeper tries again.
      setSummary({ title: 'Not saved', issues: [{ label: '', severity: 'error', message: errorOf(e).message }] });
    } finally {
      setBusy(false);
    }
    if (firstField) focusField(firstField);
    else focusSummary();
  };

  // The keyboard shortcuts call the latest save (its closure sees the current values).
  const latest = useRef(save);
  latest.current = save;

  return {
    save,
    latest,
    busy,
    summary,
    reasonFor,
    cancelReason: () => setReasonFor(null),
    confirmReason: (reason: string) => {
      const goNext = reasonFor?.next ?? false;
      setReasonFor(null);
      void save('auto', goNext, reason);
    },
  };
}
