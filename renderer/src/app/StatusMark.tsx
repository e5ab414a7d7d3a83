/** A form's status as a small coloured icon with its name in words (never colour alone). */
import { Box, Tooltip } from '@mui/material';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import EditNoteIcon from '@mui/icons-material/EditNote';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import VerifiedIcon from '@mui/icons-material/Verified';
import DrawIcon from '@mui/icons-material/Draw';
import LockIcon from '@mui/icons-material/Lock';
import { STATUS_COLORS } from './theme';
import { plural } from '../../../shared/plural';

export type FormStatusName = keyof typeof STATUS_COLORS;

export const STATUS_LABELS: Record<FormStatusName, string> = {
  empty: 'Not started',
  draft: 'Draft (incomplete)',
  complete: 'Complete',
  verified: 'Verified by monitor',
  signed: 'Signed by investigator',
  locked: 'Locked',
};

const ICONS = {
  empty: RadioButtonUncheckedIcon,
  draft: EditNoteIcon,
  complete: CheckCircleIcon,
  verified: VerifiedIcon,
  signed: DrawIcon,
  locked: LockIcon,
} as const;

export function statusName(s: string | undefined): FormStatusName {
  return s && s in STATUS_COLORS ? (s as FormStatusName) : 'empty';
}

export function StatusMark({
  status,
  label,
  queries = 0,
  withText = false,
}: {
  status: string | undefined;
  label?: string;
  queries?: number;
  withText?: boolean;
}) {
  const s = statusName(status);
  const Icon = ICONS[s];
  const words = `${label ? label + ': ' : ''}${STATUS_LABELS[s]}${queries ? `, ${plural(queries, 'open query', 'open queries')}` : ''}`;
  return (
    <Tooltip title={words}>
      <Box
        component="span"
        role="img"
        aria-label={words}
        sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, position: 'relative', verticalAlign: 'middle' }}
      >
        <Icon sx={{ fontSize: 18, color: STATUS_COLORS[s] }} aria-hidden />
        {withText && (
          <Box component="span" aria-hidden sx={{ fontSize: 12, color: STATUS_COLORS[s], fontWeight: 600 }}>
            {STATUS_LABELS[s]}
          </Box>
        )}
        {queries > 0 && (
          <Box
            component="span"
            aria-hidden
            sx={{
              position: withText ? 'static' : 'absolute',
              top: -6,
              right: -8,
              bgcolor: '#c62828',
              color: '#fff',
              borderRadius: 8,
              fontSize: 10,
              lineHeight: '14px',
              minWidth: 14,
              px: 0.4,
              textAlign: 'center',
              fontWeight: 700,
            }}
          >
            {queries}
          </Box>
        )}
      </Box>
    </Tooltip>
  );
}
