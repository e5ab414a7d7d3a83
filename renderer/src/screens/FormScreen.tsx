/**
 * Form entry, generated from the protocol: the same engine as main gives instant feedback;
 * main re-validates on save and is the authority. Every keystroke is kept as a draft.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Breadcrumbs, Button, Chip, Link, Paper, Stack, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import NextIcon from '@mui/icons-material/NavigateNext';
import ForumIcon from '@mui/icons-material/ForumOutlined';
import { evaluateForm } from '../../../shared/protocol/engine';
import { evalCondition } from '../../../shared/protocol/evaluate-core';
import { normalizeValue } from '../../../shared/protocol/values';
import { may } from '../../../shared/roles';
import { api, errorOf } from '../app/api';
import { useApp } from '../app/context';
import { navigate, routeHash, type Route } from '../app/router';
import { StatusMark } from '../app/StatusMark';
import { FieldRow, type FieldMessage } from '../form/FieldRow';
import { IssueSummary, type SummaryIssue } from '../form/IssueSummary';
import { ReasonDialog } from '../form/ReasonDialog';
import { DraftOffer } from '../form/DraftOffer';
import { useDraftKeeper } from '../form/useDraftKeeper';
import { useFormData, type FormData } from '../form/useFormData';
import { fieldDomId, type RawValue, type RawValues } from '../form/types';
import { rawFromUnknown, sameRaw, toDraft, toRaw, toSend } from '../form/values';
import { FormWorkflowActions } from '../form/FormWorkflowActions';
import { Shortcut } from '../components/Shortcut';
import { useQueries } from '../queries/useQueries';
import { isOpen, onTarget, type QueryTarget } from '../queries/model';
import { QueryThreadDialog } from '../queries/QueryThreadDialog';

type FormRoute = Extract<Route, { name: 'form' }>;

export function FormScreen({ route }: { route: FormRoute }) {
  const { session } = useApp();
  const { data, error, setState, reload } = useFormData(route, session.user.role);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!data) return <Typography role="status">Loading the form…</Typography>;
  return <FormEditor route={route} data={data} onSaved={setState} onReload={reload} />;
}

function FormEditor({
  route,
  data,
  onSaved,
  onReload,
}: {
  route: FormRoute;
  data: FormData;
  onSaved: (s: NonNullable<FormData['state']>) => void;
  onReload: () => void;
}) {
  const { study, session, notify } = useApp();
  const form = study.form(route.form);
  const event = study.event(route.event);
  const state = data.state;
  const status = state?.status ?? 'empty';
  const [baseline, setBaseline] = useState<RawValues>(() => toRaw(form, state?.values ?? {}));
  const [raw, setRaw] = useState<RawValues>(baseline);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<{ title: string; issues: SummaryIssue[] } | null>(null);
  const [draft, setDraft] = useState(data.draft && data.draft.differs.length ? data.draft : null);
  const [reasonFor, setReasonFor] = useState<{ next: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const { queries: formQueries, reload: reloadQueries } = useQueries(route.subjectId, route.form);
  const [thread, setThread] = useState<QueryTarget | null>(null);

  const withdrawn = data.view.subject.status === 'withdrawn';
  const readOnly = !may(session.user.role, 'form.save') || status === 'locked' || withdrawn;
  const wasComplete = status === 'complete' || status === 'verified' || status === 'signed';
  const keeper = useDraftKeeper(
    readOnly
      ? null
      : {
          subjectId: route.subjectId,
          event: route.event,
          form: route.form,
          instance: route.instance,
          baseVersion: state?.version ?? 0,
        },
  );

  // Main's calendar day, so the form judges "not in the future" exactly as the save will.
  const today = session.today;
  const evaluation = useMemo(
    () =>
      evaluateForm(
        study,
        { event: route.event, form: route.form, instance: data.engineInstance },
        toSend(form, raw),
        data.casebook,
        today,
      ),
    [study, route.event, route.form, data.engineInstance, form, raw, data.casebook, today],
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

  const messagesFor = (id: string): FieldMessage[] => {
    const out: FieldMessage[] = [];
    if (serverIssues[id]) out.push({ severity: 'error', message: serverIssues[id] });
    for (const i of evaluation.issues) {
      if (i.field !== id) continue;
      const isRequired = i.rule === 'required' || i.rule === 'requiredIf';
      if (showAll || (touched.has(id) && !isRequired))
        if (!out.some((m) => m.message === i.message)) out.push({ severity: i.severity, message: i.message });
    }
    return out;
  };

  const focusField = useCallback((id: string) => {
    const el = document.getElementById(fieldDomId(id));
    if (!el) return;
    const row = el.closest('[data-field]');
    const checked = row?.querySelector<HTMLInputElement>('input[type=radio]:checked');
    (checked ?? el).focus();
    (row ?? el).scrollIntoView({ block: 'center' });
  }, []);

  // Queries of this form instance: per field (the badge) and on the whole form (the header).
  const instanceKey = { event: route.event, form: route.form, instance: route.instance };
  const mine = useMemo(
    () => formQueries.filter((q) => q.event === route.event && (q.instance ?? 1) === route.instance),
    [formQueries, route.event, route.instance],
  );
  const fieldQueries = useMemo(() => {
    const out: Record<string, { open: number; total: number }> = {};
    for (const f of form.fields) {
      const list = mine.filter((q) => q.field === f.id);
      out[f.id] = { open: list.filter(isOpen).length, total: list.length };
    }
    return out;
  }, [mine, form]);
  const openCount = mine.filter(isOpen).length;
  const formLevel = mine.filter((q) => !q.field);
  const canQuery = route.instance > 0 && (may(session.user.role, 'query.open') || mine.length > 0);
  const openThread = useCallback(
    (field: string) => setThread({ event: route.event, form: route.form, instance: route.instance, field }),
    [route.event, route.form, route.instance],
  );

  // Focus the first field on open (the coordinator starts typing at once); a link from a query opens its thread.
  useEffect(() => {
    if (route.field) {
      const target = route.field === '_form' ? undefined : route.field;
      if (target) window.requestAnimationFrame(() => focusField(target));
      setThread({ ...instanceKey, field: target });
      return;
    }
    const first = form.fields.find((f) => f.type !== 'computed' && evaluation.visible[f.id]);
    if (first && !readOnly) window.requestAnimationFrame(() => focusField(first.id));
  }, []);

  const order = useMemo(
    () => study.def.events.filter((e) => !e.repeating).flatMap((e) => e.forms.map((f) => ({ event: e.id, form: f }))),
    [study],
  );
  const next = order[order.findIndex((o) => o.event === route.event && o.form === route.form) + 1];

  const doSave = async (mode: 'auto' | 'draft', goNext: boolean, reason?: string) => {
    if (readOnly || busy) return;
    const ev = evaluation;
    const saveStatus: 'draft' | 'complete' =
      mode === 'draft' && !wasComplete ? 'draft' : ev.canComplete || wasComplete ? 'complete' : 'draft';
    const errors = ev.issues.filter(
      (i) =>
        i.severity === 'error' && (saveStatus === 'complete' || (i.rule !== 'required' && i.rule !== 'requiredIf')),
    );
    const warnings = ev.issues.filter((i) => i.severity === 'warning');
    const asSummary = (list: typeof ev.issues): SummaryIssue[] =>
      list.map((i) => ({ field: i.field, label: i.label ?? '', severity: i.severity, message: i.message }));
    if (errors.length) {
      setShowAll(true);
      setSummary({
        title: `Not saved: ${errors.length} error${errors.length === 1 ? '' : 's'} to fix`,
        issues: asSummary([...errors, ...warnings]),
      });
      if (errors[0]?.field) focusField(errors[0].field);
      else window.requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    if (wasComplete && dirtyFields.length && !reason) {
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
        values: toSend(form, raw),
        status: saveStatus,
        reason,
        expectedVersion: route.instance > 0 ? (state?.version ?? 0) : undefined,
      });
      const saved = toRaw(form, r.form.values);
      setBaseline(saved);
      setRaw(saved);
      setServerIssues({});
      setDraft(null);
      onSaved(r.form);
      const label = `${form.label}${form.repeating ? ` #${r.form.instance}` : ''}`;
      notify(
        `${label} saved${r.form.status === 'complete' ? ' as complete' : ' as a draft'}${r.signatureVoided ? '; the signature was voided' : ''}.`,
      );
      const savedWarnings = r.form.issues.filter((i) => i.severity === 'warning');
      setSummary(
        savedWarnings.length
          ? {
              title: `Saved with ${savedWarnings.length} warning${savedWarnings.length === 1 ? '' : 's'} to review`,
              issues: savedWarnings.map((i) => ({
                field: i.field,
                label: i.label ?? '',
                severity: 'warning',
                message: i.message,
              })),
            }
          : null,
      );
      setShowAll(savedWarnings.length > 0);
      if (goNext)
        navigate(
          next
            ? { name: 'form', subjectId: route.subjectId, event: next.event, form: next.form, instance: 1 }
            : { name: 'casebook', subjectId: route.subjectId },
        );
      else if (route.instance === 0)
        navigate(
          { name: 'form', subjectId: route.subjectId, event: route.event, form: route.form, instance: r.form.instance },
          true,
        );
    } catch (e) {
      const err = errorOf(e);
      keeper.schedule(toDraft(form, raw, normalizeValue));
      if (err.code === 'REASON_REQUIRED') {
        setReasonFor({ next: goNext });
        return;
      }
      const issues = (err.issues ?? []).filter((i) => !i.form || i.form === route.form);
      const own: Record<string, string> = {};
      for (const i of issues)
        if (i.field && form.fields.some((f) => f.id === i.field) && (!i.event || i.event === route.event))
          own[i.field] = i.message;
      setServerIssues(own);
      setShowAll(true);
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
      else window.requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const saveRef = useRef(doSave);
  saveRef.current = doSave;
  const nextRef = useRef(!form.repeating);
  nextRef.current = !form.repeating && !readOnly;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (document.querySelector('[role=dialog][aria-labelledby=lock-title]')) return;
        void saveRef.current(e.shiftKey ? 'draft' : 'auto', false);
      }
      // Save and next: heads-down entry without 12–17 Tabs to reach the button. A dialog's own
      // Ctrl+Enter (the reason for change) is the dialog's.
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key === 'Enter') {
        if (document.querySelector('[role=dialog]') || !nextRef.current) return;
        e.preventDefault();
        void saveRef.current('auto', true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const restore = () => {
    if (!draft) return;
    const values = { ...raw, ...rawFromUnknown(form, draft.values) };
    setRaw(values);
    setDraft(null);
    setTouched(new Set(draft.differs));
    notify('Unsaved changes restored. Save to record them.', 'info');
  };
  const discard = () => {
    if (!draft) return;
    keeper.cancel();
    api['drafts.discard']({
      subjectId: route.subjectId,
      event: route.event,
      form: route.form,
      instance: route.instance,
    }).catch(() => undefined);
    setDraft(null);
  };

  const historyKey =
    state && state.version > 0
      ? { subjectId: route.subjectId, event: route.event, form: route.form, instance: state.instance }
      : null;
  const scope = {
    key: { event: route.event, form: route.form, instance: data.engineInstance },
    values: evaluation.values,
    casebook: data.casebook,
  };
  const requiredNow = (f: (typeof form.fields)[number]): boolean =>
    f.required || (!!f.requiredIf && evalCondition(f.requiredIf, scope));

  return (
    <Stack spacing={1.5} sx={{ pb: 8 }}>
      <Breadcrumbs aria-label="Breadcrumb">
        <Link href={routeHash({ name: 'subjects' })} underline="hover" color="inherit">
          Subjects
        </Link>
        <Link href={routeHash({ name: 'casebook', subjectId: route.subjectId })} underline="hover" color="inherit">
          {route.subjectId}
        </Link>
        <Typography color="text.secondary">{event.label}</Typography>
        <Typography color="text.primary">{form.label}</Typography>
      </Breadcrumbs>
      <Stack direction="row" spacing={1.5} alignItems="center" flexWrap="wrap" useFlexGap>
        <Typography variant="h1">
          {form.label}
          {form.repeating ? (route.instance > 0 ? ` #${route.instance}` : ' (new)') : ''}
        </Typography>
        <Chip size="small" variant="outlined" label={`${route.subjectId} · ${event.label}`} />
        <StatusMark status={status} withText />
        {openCount > 0 && (
          <Chip
            size="small"
            color="error"
            variant="outlined"
            icon={<ForumIcon />}
            label={`${openCount} open quer${openCount === 1 ? 'y' : 'ies'}`}
          />
        )}
        {state?.updatedAt && (
          <Typography variant="body2" color="text.secondary">
            Saved {new Date(state.updatedAt).toLocaleString()} by {state.updatedBy}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        {canQuery && (
          <Button
            variant="outlined"
            color={formLevel.some(isOpen) ? 'error' : 'primary'}
            startIcon={<ForumIcon />}
            onClick={() => setThread({ ...instanceKey, field: undefined })}
          >
            Queries on the whole form{formLevel.length ? ` (${formLevel.filter(isOpen).length} open)` : ''}
          </Button>
        )}
        {route.instance > 0 && (
          <FormWorkflowActions
            formKey={{ subjectId: route.subjectId, ...instanceKey }}
            formLabel={form.label}
            status={status}
            dirty={dirtyFields.length > 0}
            onChanged={onReload}
          />
        )}
      </Stack>
      {data.view.signature && !readOnly && (
        <Alert severity="info" variant="outlined" role="note">
          This casebook is signed by {data.view.signature.fullName}. Saving a change voids the signature; the
          investigator signs again.
        </Alert>
      )}

      {readOnly && (
        <Alert severity="info">
          {withdrawn
            ? 'This subject is withdrawn: the casebook is read-only.'
            : status === 'locked'
              ? 'This form is locked for a data cut.'
              : `Read-only: a ${session.user.role} reviews data but does not enter it.`}
        </Alert>
      )}
      {draft && <DraftOffer draft={draft} form={form} onRestore={restore} onDiscard={discard} />}
      {summary && (
        <IssueSummary ref={summaryRef} title={summary.title} issues={summary.issues} onFocusField={focusField} />
      )}

      <Paper component="section" aria-label={`${form.label} fields`} sx={{ py: 0.5 }}>
        {form.fields
          .filter((f) => evaluation.visible[f.id])
          .map((f) => (
            <FieldRow
              key={f.id}
              field={f}
              value={raw[f.id] ?? null}
              computed={evaluation.computed[f.id]}
              required={f.type !== 'computed' && requiredNow(f)}
              messages={messagesFor(f.id)}
              readOnly={readOnly}
              historyKey={historyKey}
              onChange={change}
              onBlur={blur}
              queries={canQuery ? fieldQueries[f.id] : undefined}
              onQueries={canQuery ? openThread : undefined}
              withheld={data.state?.withheld.includes(f.id)}
            />
          ))}
      </Paper>

      {!readOnly && (
        <Paper
          sx={{
            position: 'sticky',
            bottom: 0,
            p: 1.25,
            display: 'flex',
            gap: 1,
            alignItems: 'center',
            zIndex: 2,
            boxShadow: '0 -2px 8px rgba(0,0,0,0.06)',
          }}
          role="region"
          aria-label="Save"
        >
          <Typography
            variant="body2"
            color={dirtyFields.length ? 'warning.main' : 'text.secondary'}
            sx={{ flex: 1 }}
            aria-live="polite"
          >
            {dirtyFields.length
              ? `${dirtyFields.length} unsaved change${dirtyFields.length === 1 ? '' : 's'} — kept safe as you type`
              : evaluation.canComplete
                ? 'All required fields answered.'
                : `${evaluation.issues.filter((i) => i.rule === 'required' || i.rule === 'requiredIf').length} required field(s) to answer before the form is complete.`}
          </Typography>
          {!wasComplete && (
            <Button
              variant="outlined"
              onClick={() => doSave('draft', false)}
              disabled={busy}
              aria-keyshortcuts="Control+Shift+S"
            >
              Save as draft
              <Shortcut keys="Ctrl+Shift+S" />
            </Button>
          )}
          <Button
            variant="contained"
            startIcon={<SaveIcon />}
            onClick={() => doSave('auto', false)}
            disabled={busy}
            aria-keyshortcuts="Control+S"
          >
            Save{evaluation.canComplete || wasComplete ? '' : ' (draft)'}
            <Shortcut keys="Ctrl+S" />
          </Button>
          {!form.repeating && (
            <Button
              variant="contained"
              color="secondary"
              endIcon={<NextIcon />}
              onClick={() => doSave('auto', true)}
              disabled={busy}
              aria-keyshortcuts="Control+Enter"
            >
              Save and next
              <Shortcut keys="Ctrl+Enter" />
            </Button>
          )}
        </Paper>
      )}

      <ReasonDialog
        open={!!reasonFor}
        status={status}
        casebookSigned={!!data.view.signature}
        fields={dirtyFields.map((id) => study.field(route.form, id).label)}
        onCancel={() => setReasonFor(null)}
        onConfirm={(reason) => {
          const goNext = reasonFor?.next ?? false;
          setReasonFor(null);
          void doSave('auto', goNext, reason);
        }}
      />
      {thread && (
        <QueryThreadDialog
          open
          subjectId={route.subjectId}
          target={thread}
          queries={formQueries.filter((q) => onTarget(q, thread))}
          onClose={() => setThread(null)}
          onChanged={reloadQueries}
        />
      )}
    </Stack>
  );
}
