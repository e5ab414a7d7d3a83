/**
 * Form entry, generated from the protocol: the same engine as main gives instant feedback;
 * main re-validates on save and is the authority. Every keystroke is kept as a draft. The
 * screen composes hooks with one job each: values (useFormValues), saving (useFormSave), the
 * shortcuts (useSaveShortcuts), the queries (useFormQueries) and the draft (useDraftKeeper).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Breadcrumbs, Button, Chip, Link, Paper, Stack, Typography } from '@mui/material';
import ForumIcon from '@mui/icons-material/ForumOutlined';
import { displayDateTime } from '../../../shared/date-display';
import { evalCondition } from '../../../shared/protocol/evaluate-core';
import { may } from '../../../shared/roles';
import { api } from '../app/api';
import { useApp } from '../app/context';
import { routeHash, type Route } from '../app/router';
import { StatusMark } from '../app/StatusMark';
import { FieldRow } from '../form/FieldRow';
import { focusField } from '../form/focus';
import { IssueSummary } from '../form/IssueSummary';
import { ReasonDialog } from '../form/ReasonDialog';
import { DraftOffer } from '../form/DraftOffer';
import { draftBlocking, evaluateScreen } from '../form/evaluate';
import { rawFromUnknown } from '../form/values';
import { SaveBar } from '../form/SaveBar';
import { useDraftKeeper } from '../form/useDraftKeeper';
import { useFormData, type FormData } from '../form/useFormData';
import { useFormQueries } from '../form/useFormQueries';
import { useFormSave } from '../form/useFormSave';
import { useFormValues } from '../form/useFormValues';
import { useSaveShortcuts } from '../form/useSaveShortcuts';
import { FormWorkflowActions } from '../form/FormWorkflowActions';
import { isOpen, onTarget } from '../queries/model';
import { QueryThreadDialog } from '../queries/QueryThreadDialog';
import { plural } from '../../../shared/plural';

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
  const [draft, setDraft] = useState(data.draft && data.draft.differs.length ? data.draft : null);
  const summaryRef = useRef<HTMLDivElement>(null);
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
  const values = useFormValues(study, form, route, data, keeper, session.today);
  const { evaluation, dirtyFields } = values;
  const queries = useFormQueries(route, form, session.user.role);
  const instanceKey = { event: route.event, form: route.form, instance: route.instance };

  // Focus the first field on open (the coordinator starts typing at once); a link from a query opens its thread.
  useEffect(() => {
    if (route.field) {
      const target = route.field === '_form' ? undefined : route.field;
      if (target) window.requestAnimationFrame(() => focusField(target));
      queries.openThread(target);
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
  const saving = useFormSave({
    route,
    form,
    state,
    values,
    keeper,
    readOnly,
    wasComplete,
    next,
    summaryRef,
    onSaved,
    onDraftGone: () => setDraft(null),
    notify,
  });
  useSaveShortcuts(saving.latest, !form.repeating && !readOnly);

  // A draft kept with invalid values lists its errors on reopening (and shows them on the fields once restored).
  const draftErrors = useMemo(
    () =>
      draft
        ? draftBlocking(
            evaluateScreen(
              study,
              form,
              { event: route.event, form: route.form, instance: data.engineInstance },
              rawFromUnknown(form, draft.values),
              data.casebook,
              session.today,
              new Set(),
            ).issues,
          )
        : [],
    [draft, study, form, route.event, route.form, data.engineInstance, data.casebook, session.today],
  );
  const restore = () => {
    if (!draft) return;
    values.restore(draft.values, draft.differs);
    if (draftErrors.length) values.setShowAll(true);
    setDraft(null);
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
  const { openCount, formLevel, canQuery } = queries;

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
            label={plural(openCount, 'open query', 'open queries')}
          />
        )}
        {state?.saved && (
          <Typography variant="body2" color="text.secondary" data-testid="form-saved">
            Saved {displayDateTime(state.saved.at)} by {state.saved.by}
            {state.verified && ` · verified ${displayDateTime(state.verified.at)} by ${state.verified.by}`}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        {canQuery && (
          <Button
            variant="outlined"
            color={formLevel.some(isOpen) ? 'error' : 'primary'}
            startIcon={<ForumIcon />}
            onClick={() => queries.openThread(undefined)}
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
      {draft && (
        <DraftOffer
          draft={draft}
          form={form}
          errors={draftErrors}
          onRestore={restore}
          onDiscard={discard}
          onFocusField={(id) => {
            restore();
            window.requestAnimationFrame(() => focusField(id));
          }}
        />
      )}
      {saving.summary && (
        <IssueSummary
          ref={summaryRef}
          title={saving.summary.title}
          issues={saving.summary.issues}
          onFocusField={focusField}
        />
      )}

      <Paper component="section" aria-label={`${form.label} fields`} sx={{ py: 0.5 }}>
        {form.fields
          .filter((f) => evaluation.visible[f.id])
          .map((f) => (
            <FieldRow
              key={f.id}
              field={f}
              value={values.raw[f.id] ?? null}
              computed={evaluation.computed[f.id]}
              required={f.type !== 'computed' && requiredNow(f)}
              messages={values.messagesFor(f.id)}
              readOnly={readOnly}
              historyKey={historyKey}
              onChange={values.change}
              onBlur={values.blur}
              queries={canQuery ? queries.fieldQueries[f.id] : undefined}
              onQueries={canQuery ? queries.openThread : undefined}
              withheld={data.state?.withheld.includes(f.id)}
            />
          ))}
      </Paper>

      {!readOnly && (
        <SaveBar
          dirty={dirtyFields.length}
          canComplete={evaluation.canComplete}
          required={evaluation.issues.filter((i) => i.rule === 'required' || i.rule === 'requiredIf').length}
          wasComplete={wasComplete}
          repeating={form.repeating}
          busy={saving.busy}
          onSave={(mode, goNext) => void saving.save(mode, goNext)}
        />
      )}

      <ReasonDialog
        open={!!saving.reasonFor}
        status={status}
        casebookSigned={!!data.view.signature}
        fields={dirtyFields.map((id) => study.field(route.form, id).label)}
        onCancel={saving.cancelReason}
        onConfirm={saving.confirmReason}
      />
      {queries.thread && (
        <QueryThreadDialog
          open
          subjectId={route.subjectId}
          target={queries.thread}
          queries={queries.formQueries.filter((q) => onTarget(q, queries.thread!))}
          onClose={queries.closeThread}
          onChanged={queries.reload}
        />
      )}
    </Stack>
  );
}
