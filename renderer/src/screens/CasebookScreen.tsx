/** One subject's casebook: events with their windows, forms with status, AEs, rules, derived values. */
import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Breadcrumbs,
  Button,
  Chip,
  Link,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import ErrorIcon from '@mui/icons-material/ErrorOutline';
import WarningIcon from '@mui/icons-material/WarningAmber';
import CheckIcon from '@mui/icons-material/CheckCircleOutline';
import DrawIcon from '@mui/icons-material/Draw';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { displayDate } from '../../../shared/date-display';
import { indexWording } from '../../../shared/protocol/knowledge';
import { may, ROLE_LABELS, type Role } from '../../../shared/roles';
import { utcTime } from '../app/signature';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { navigate, routeHash } from '../app/router';
import { StatusMark } from '../app/StatusMark';
import { CasebookActions } from './CasebookActions';
import { CasebookDrafts } from './CasebookDrafts';
import { plural, pluralWord } from '../../../shared/plural';

type View = ChannelOutput<'casebook.get'>;
type EventView = View['events'][number];

const WINDOW_TEXT: Record<
  EventView['window']['state'],
  { label: string; color: 'default' | 'success' | 'warning' | 'error' | 'info' }
> = {
  // The label names the study's own index date (indexWording), filled in where it is shown.
  no_index: { label: 'Awaiting', color: 'default' },
  upcoming: { label: 'Upcoming', color: 'info' },
  due: { label: 'Due now', color: 'warning' },
  overdue: { label: 'Overdue', color: 'error' },
  done: { label: 'Done', color: 'success' },
  done_out_of_window: { label: 'Done, out of window', color: 'warning' },
  not_expected: { label: 'Not expected (withdrawn or died)', color: 'default' },
  none: { label: '', color: 'default' },
};

function windowRange(w: EventView['window']): string {
  const d = (x: string | null) => displayDate(x);
  if (!w.from && !w.to) return '';
  if (w.from && w.to) return w.from === w.to ? `on ${d(w.from)}` : `${d(w.from)} – ${d(w.to)}`;
  if (w.from) return `from ${d(w.from)}${w.overdueAfter ? ` (overdue after ${d(w.overdueAfter)})` : ''}`;
  return `by ${d(w.to)}`;
}

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
      <Stack direction="row" spacing={2} alignItems="baseline" flexWrap="wrap" useFlexGap>
        <Typography variant="h1">{view.subject.subjectId}</Typography>
        {view.identity && (view.identity.name || view.identity.mrn) && (
          <Typography color="text.secondary">
            {view.identity.name}
            {view.identity.mrn ? ` · MRN ${view.identity.mrn}` : ''}
          </Typography>
        )}
        {view.subject.status === 'withdrawn' && (
          <Chip
            color="default"
            label={`Withdrawn${view.subject.withdrawnReason ? `: ${view.subject.withdrawnReason}` : ''}`}
          />
        )}
        <Typography variant="body2" color="text.secondary" data-testid="protocol-version">
          {study.def.id} protocol version {study.def.version}
        </Typography>
        {view.indexDate && (
          <Typography variant="body2">
            {indexWording(study).label} {displayDate(view.indexDate)}
          </Typography>
        )}
        {view.openQueries > 0 && (
          <Chip
            size="small"
            color="error"
            variant="outlined"
            component="a"
            clickable
            href="#/queries"
            label={plural(view.openQueries, 'open query', 'open queries')}
          />
        )}
        {view.answeredQueries > 0 && (
          <Chip
            size="small"
            variant="outlined"
            component="a"
            clickable
            href="#/queries"
            label={`${plural(view.answeredQueries, 'answered query', 'answered queries')} (awaiting the monitor)`}
          />
        )}
        {view.signature && (
          <Chip
            size="small"
            icon={<DrawIcon />}
            variant="outlined"
            sx={{ color: '#6a1b9a', borderColor: '#6a1b9a' }}
            label="Signed"
          />
        )}
      </Stack>

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
          <Paper component="section" aria-labelledby="rules-h" sx={{ p: 2 }}>
            <Typography id="rules-h" variant="h2" sx={{ mb: 1 }}>
              Cross-form checks
            </Typography>
            {failing.length === 0 ? (
              <Stack direction="row" spacing={1} alignItems="center" sx={{ color: 'success.main' }}>
                <CheckIcon fontSize="small" aria-hidden />{' '}
                <Typography variant="body2">All {view.rules.length} checks pass.</Typography>
              </Stack>
            ) : (
              <Stack component="ul" spacing={1} sx={{ p: 0, m: 0, listStyle: 'none' }}>
                {failing.map((r) => (
                  <Stack component="li" key={r.id} direction="row" spacing={1} alignItems="flex-start">
                    {r.severity === 'error' ? (
                      <ErrorIcon color="error" fontSize="small" aria-hidden />
                    ) : (
                      <WarningIcon color="warning" fontSize="small" aria-hidden />
                    )}
                    <Typography variant="body2">
                      <strong>{r.severity === 'error' ? 'Error' : 'Warning'}:</strong> {r.message}
                    </Typography>
                  </Stack>
                ))}
              </Stack>
            )}
          </Paper>

          <Paper component="section" aria-labelledby="derived-h" sx={{ p: 2 }}>
            <Typography id="derived-h" variant="h2" sx={{ mb: 1 }}>
              Derived values
            </Typography>
            <Table size="small" aria-labelledby="derived-h">
              <TableBody>
                {study.def.derived.map((d) => {
                  const v = view.derived[d.id];
                  const shown =
                    v === null || v === undefined
                      ? '—'
                      : d.type === 'yesno'
                        ? v === 'Y'
                          ? 'Yes'
                          : v === 'N'
                            ? 'No'
                            : String(v)
                        : `${v}${d.unit ? ` ${d.unit}` : ''}`;
                  return (
                    <TableRow key={d.id}>
                      <TableCell component="th" scope="row" sx={{ pl: 0 }}>
                        {d.label}
                      </TableCell>
                      <TableCell align="right" sx={{ pr: 0, fontVariantNumeric: 'tabular-nums' }}>
                        {shown}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Paper>

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

/** Signature (who, role, meaning, UTC time), the voided ones under it, and how far verification has got. */
function ReviewSummary({ view }: { view: View }) {
  const forms = view.events.flatMap((e) => e.forms).filter((f) => f.status !== 'empty');
  const verified = forms.filter(
    (f) => f.status === 'verified' || f.status === 'signed' || f.status === 'locked',
  ).length;
  const sig = view.signature;
  const voided = view.signatures.filter((x) => x.voidedAt !== null);
  return (
    <Stack spacing={1}>
      {sig ? (
        <Stack direction="row" spacing={1} alignItems="flex-start" aria-label="Signature" role="group">
          <DrawIcon sx={{ color: '#6a1b9a' }} aria-hidden />
          <Box>
            <Typography variant="body2">
              <strong>Signed by {sig.fullName}</strong> · {ROLE_LABELS[sig.role as Role] ?? sig.role} ({sig.username})
            </Typography>
            <Typography variant="body2">{utcTime(sig.signedAt)}</Typography>
            <Typography variant="body2" color="text.secondary">
              Meaning: “{sig.meaning}”
            </Typography>
          </Box>
        </Stack>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Not signed.
        </Typography>
      )}
      {voided.length > 0 && <VoidedSignatures list={voided} />}
      <Typography variant="body2" color="text.secondary">
        {forms.length
          ? `${verified} of ${forms.length} entered forms verified, signed or locked.`
          : 'No form entered yet.'}
      </Typography>
    </Stack>
  );
}

/** Signatures an edit voided (21 CFR 11.70): they stay on the record, struck through, with who voided them and why. */
function VoidedSignatures({ list }: { list: View['signatures'] }) {
  return (
    <Box component="section" aria-labelledby="sig-voided-h">
      <Typography id="sig-voided-h" variant="caption" component="h3" color="text.secondary" sx={{ fontWeight: 600 }}>
        Voided {pluralWord(list.length, 'signature')}
      </Typography>
      <Stack component="ul" spacing={0.75} sx={{ p: 0, m: 0, listStyle: 'none' }}>
        {list.map((v) => (
          <Box component="li" key={v.id}>
            <Typography variant="body2" sx={{ textDecoration: 'line-through' }}>
              Signed by {v.fullName} · {ROLE_LABELS[v.role as Role] ?? v.role} ({v.username}) · {utcTime(v.signedAt)}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Voided on {utcTime(v.voidedAt ?? '')} by {v.voidedBy ?? 'unknown'}
              {v.voidReason ? `: ${v.voidReason}` : ''}
            </Typography>
          </Box>
        ))}
      </Stack>
    </Box>
  );
}

function EventRow({
  ev,
  subjectId,
  last,
  addForms,
}: {
  ev: EventView;
  subjectId: string;
  last: boolean;
  addForms: { id: string; label: string }[];
}) {
  const { study } = useApp();
  const w =
    ev.window.state === 'no_index'
      ? { ...WINDOW_TEXT.no_index, label: `Awaiting ${indexWording(study).label.toLowerCase()}` }
      : WINDOW_TEXT[ev.window.state];
  const range = windowRange(ev.window);
  return (
    <Box component="li" sx={{ display: 'grid', gridTemplateColumns: '20px 1fr', columnGap: 1.5, pb: last ? 0 : 2 }}>
      <Box sx={{ position: 'relative' }}>
        <Box
          sx={{
            width: 12,
            height: 12,
            borderRadius: '50%',
            bgcolor:
              ev.window.state === 'overdue'
                ? 'error.main'
                : ev.forms.some((f) => f.status !== 'empty')
                  ? 'primary.main'
                  : 'grey.400',
            mt: 0.6,
            ml: 0.5,
          }}
          aria-hidden
        />
        {!last && (
          <Box
            sx={{ position: 'absolute', left: 10, top: 20, bottom: -4, width: 2, bgcolor: 'grey.300' }}
            aria-hidden
          />
        )}
      </Box>
      <Box>
        <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap>
          <Typography variant="h3" component="h3">
            {ev.label}
          </Typography>
          {w.label && (
            <Chip
              size="small"
              color={w.color}
              variant={w.color === 'default' ? 'outlined' : 'filled'}
              label={w.label}
            />
          )}
          {range && (
            <Typography variant="body2" color="text.secondary">
              Window {range}
            </Typography>
          )}
        </Stack>
        <Stack direction="row" spacing={1} sx={{ mt: 1 }} flexWrap="wrap" useFlexGap>
          {ev.forms.map((f) => (
            <Button
              key={`${f.form}-${f.instance}`}
              variant="outlined"
              color="inherit"
              href={routeHash({ name: 'form', subjectId, event: ev.id, form: f.form, instance: f.instance })}
              sx={{ justifyContent: 'flex-start', borderColor: 'grey.300', gap: 1, py: 0.5 }}
              aria-label={`${f.label}${ev.repeating ? ` #${f.instance}` : ''}: ${f.status}${f.errors ? `, ${plural(f.errors, 'error')}` : ''}${f.warnings ? `, ${plural(f.warnings, 'warning')}` : ''}${f.openQueries ? `, ${plural(f.openQueries, 'open query', 'open queries')}` : ''}${f.answeredQueries ? `, ${plural(f.answeredQueries, 'answered query', 'answered queries')}` : ''}${f.draft ? ', unsaved draft' : ''}${f.protocolVersion && f.protocolVersion !== study.def.version ? `, saved under version ${f.protocolVersion}` : ''}`}
            >
              <StatusMark status={f.status} queries={f.openQueries} />
              <span>
                {f.label}
                {ev.repeating ? ` #${f.instance}` : ''}
              </span>
              {f.draft && (
                <Chip size="small" color="warning" variant="outlined" label="Unsaved draft" sx={{ height: 18 }} />
              )}
              {f.protocolVersion && f.protocolVersion !== study.def.version && (
                <Chip
                  size="small"
                  variant="outlined"
                  label={`saved under version ${f.protocolVersion}`}
                  sx={{ height: 18 }}
                />
              )}
              {f.errors > 0 && (
                <Chip size="small" color="error" label={plural(f.errors, 'error')} sx={{ height: 18 }} />
              )}
              {f.warnings > 0 && (
                <Chip
                  size="small"
                  color="warning"
                  variant="outlined"
                  label={plural(f.warnings, 'warning')}
                  sx={{ height: 18 }}
                />
              )}
            </Button>
          ))}
          {ev.repeating && ev.forms.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              None recorded.
            </Typography>
          )}
          {addForms.map((f) => (
            <Button
              key={f.id}
              startIcon={<AddIcon />}
              onClick={() => navigate({ name: 'form', subjectId, event: ev.id, form: f.id, instance: 0 })}
              aria-label={`Add ${f.label}`}
            >
              Add
            </Button>
          ))}
        </Stack>
      </Box>
    </Box>
  );
}
