/** The casebook's heading: the subject, who it is (identified roles), status, protocol, index date, queries, signature. */
import { Chip, Stack, Typography } from '@mui/material';
import DrawIcon from '@mui/icons-material/Draw';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { displayDate } from '../../../shared/date-display';
import { plural } from '../../../shared/plural';
import { indexWording } from '../../../shared/protocol/knowledge';
import { useApp } from '../app/context';

export function CasebookHeader({ view }: { view: ChannelOutput<'casebook.get'> }) {
  const { study } = useApp();
  return (
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
        {study.def.id} protocol version {view.protocol.version}
      </Typography>
      {/* Which definition file exactly: the first 12 digits of its SHA-256, as a sponsor compares them. */}
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="protocol-sha256"
        title={`SHA-256 of the study definition: ${view.protocol.sha256}`}
      >
        definition SHA-256 <code>{view.protocol.sha256.slice(0, 12)}</code>
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
  );
}
