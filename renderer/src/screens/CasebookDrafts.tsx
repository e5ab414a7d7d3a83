/**
 * The reader's unsaved drafts of this subject (kept after a crash, a closed window or a lock),
 * listed with a link to each form: without it only reopening the exact form offered them back.
 */
import { Alert, Link } from '@mui/material';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { Study } from '../../../shared/protocol/load';
import { plural } from '../../../shared/plural';
import { displayDateTime } from '../../../shared/date-display';
import { routeHash } from '../app/router';

type Casebook = ChannelOutput<'casebook.get'>;

export function CasebookDrafts({ view, study }: { view: Casebook; study: Study }) {
  if (view.drafts.length === 0) return null;
  const subjectId = view.subject.subjectId;
  return (
    <Alert severity="warning" aria-label="Unsaved drafts">
      You have {plural(view.drafts.length, 'unsaved draft')} here, not yet part of the record:{' '}
      {view.drafts.map((d, i) => {
        const ev = study.hasEvent(d.event) ? study.event(d.event).label : d.event;
        const form = study.hasForm(d.form) ? study.form(d.form).label : d.form;
        const instance = d.instance === 0 ? ' (new)' : d.instance > 1 ? ` #${d.instance}` : '';
        return (
          <span key={`${d.event}/${d.form}/${d.instance}`}>
            {i > 0 && ', '}
            <Link
              href={routeHash({ name: 'form', subjectId, event: d.event, form: d.form, instance: d.instance || 1 })}
            >
              {ev}: {form}
              {instance}
            </Link>{' '}
            (kept {displayDateTime(d.updatedAt)})
          </span>
        );
      })}
      . Open the form to take the draft back, then save or discard it.
    </Alert>
  );
}
