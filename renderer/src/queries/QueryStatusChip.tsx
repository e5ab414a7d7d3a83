/** A query's status in words with an icon (never colour alone). */
import { Chip } from '@mui/material';
import HelpIcon from '@mui/icons-material/HelpOutline';
import ReplyIcon from '@mui/icons-material/MarkChatReadOutlined';
import DoneIcon from '@mui/icons-material/TaskAlt';
import { STATUS_TEXT, type QueryStatus } from './model';

const LOOK = {
  open: { icon: <HelpIcon />, color: 'error' as const },
  answered: { icon: <ReplyIcon />, color: 'info' as const },
  closed: { icon: <DoneIcon />, color: 'default' as const },
};

export function QueryStatusChip({ status }: { status: QueryStatus }) {
  const l = LOOK[status];
  return (
    <Chip
      size="small"
      variant="outlined"
      color={l.color}
      icon={l.icon}
      label={STATUS_TEXT[status]}
      sx={{ height: 22, fontWeight: 600 }}
    />
  );
}
