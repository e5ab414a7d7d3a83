/** One subject's casebook: events with their windows, forms with status, AEs, rules, derived values. */
import { useEffect, useState } from 'react';
import { Alert, Box, Breadcrumbs, Link, Paper, Stack, Typography } from '@mui/material';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { may } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { routeHash } from '../app/router';
import { CasebookActions } from './CasebookActions';
import { CrossFormChecks, DerivedValues } from './CasebookChecks';
import { CasebookDrafts } from './CasebookDrafts';
import { EventRow } from './CasebookEventRow';
import { CasebookHeader } from './CasebookHeader';
import { ReviewSummary } from './CasebookSignature';

type View = ChannelOutput<'casebook.get'>;

export function CasebookScreen({ subjectId }: { subjectId: string }) {
  const { study, session } = useApp();
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    api['casebook.get']({ subjectId }).then(setView, (e) => setError(messageOf(e)));
  }, [subjectId, tick]);

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!view) return <Typography role="status">Loading the casebook…</Typography>;

  const failing = view.rules.filter((r) => !r.ok);
  const canAdd = may(session.user.role, 'form.save') && view.subject.status === 'active';

  return (
    <Stack spacing={2}>
      <Breadcrumbs aria-label="Breadcrumb">
        <Link href={routeHash({ name: 'subjects' })} underline="hover" color="inherit">
          Subjects
        </Link>
        <Typography color="text.primary">{view.subject.subjectId}</Typography>
      </Breadcrumbs>
      <CasebookHeader view={view} />
      <CasebookDrafts view={view} study={study} />
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: '2fr 1fr', xs: '1fr' }, gap: 2, alignItems: 'start' }}>
        <Paper component="section" aria-labelledby="events-h" sx={{ p: 2 }}>
          <Typography id="events-h" variant="h2" sx={{ mb: 1 }}>
            Events
          </Typography>
          <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, position: 'relative' }}>
            {view.events.map((ev, i) => (
              <EventRow
                key={ev.id}
                ev={ev}
                subjectId={subjectId}
                last={i === view.events.length - 1}
                addForms={
                  canAdd && ev.repeating
                    ? study.event(ev.id).forms.map((f) => ({ id: f, label: study.form(f).label }))
                    : []
                }
              />
            ))}
          </Box>
        </Paper>

        <Stack spacing={2}>
          <CrossFormChecks view={view} />
          <DerivedValues view={view} />

          <Paper component="section" aria-labelledby="sig-h" sx={{ p: 2 }}>
            <Typography id="sig-h" variant="h2" sx={{ mb: 1 }}>
              Review and signature
            </Typography>
            <ReviewSummary view={view} />
            <Box sx={{ mt: 1.5 }}>
              <CasebookActions
                subjectId={subjectId}
                active={view.subject.status === 'active'}
                canSign={!view.signature && view.events.some((e) => e.forms.some((f) => f.status !== 'empty'))}
                canVerify={view.events.some((e) => e.forms.some((f) => f.status === 'complete'))}
                forms={view.events.flatMap((e) =>
                  e.forms.map((f) => ({
                    label: `${e.label}: ${f.label}${f.instance > 1 ? ` #${f.instance}` : ''}`,
                    status: f.status,
                    openQueries: f.openQueries + f.answeredQueries,
                  })),
                )}
                failedChecks={
                  failing.length +
                  view.events.reduce((a, e) => a + e.forms.reduce((b, f) => b + f.errors + f.warnings, 0), 0)
                }
                onChanged={() => setTick((t) => t + 1)}
              />
            </Box>
          </Paper>
        </Stack>
      </Box>
    </Stack>
  );
}
