/** One event on the casebook's time line: its window, and a button per form with its status and flags. */
import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { indexWording } from '../../../shared/protocol/knowledge';
import { plural } from '../../../shared/plural';
import { useApp } from '../app/context';
import { navigate, routeHash } from '../app/router';
import { StatusMark } from '../app/StatusMark';
import { WINDOW_TEXT, windowRange, type EventView } from './casebook-window';

export function EventRow({
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
