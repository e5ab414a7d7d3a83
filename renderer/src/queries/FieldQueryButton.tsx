/** The query icon of a field or form, with its open-query count as a badge (and in its name). */
import { Badge, IconButton, Tooltip } from '@mui/material';
import AddCommentIcon from '@mui/icons-material/AddCommentOutlined';
import ForumIcon from '@mui/icons-material/Forum';
import { plural } from '../../../shared/plural';

export function FieldQueryButton({
  label,
  open,
  total,
  tabbable,
  onClick,
}: {
  label: string;
  open: number;
  total: number;
  tabbable: boolean;
  onClick: () => void;
}) {
  const name = `Queries on ${label}${open ? `: ${open} open` : total ? `: ${total} closed` : ''}`;
  return (
    <Tooltip
      title={`${open ? plural(open, 'open query', 'open queries') : total ? 'Closed queries' : 'Open a query'} (Alt+Q in the field)`}
    >
      <IconButton
        data-action="query"
        tabIndex={tabbable ? 0 : -1}
        aria-keyshortcuts="Alt+Q"
        aria-label={name}
        onClick={onClick}
        color={open ? 'error' : 'default'}
      >
        <Badge
          badgeContent={open}
          color="error"
          overlap="circular"
          sx={{ '& .MuiBadge-badge': { fontSize: 10, height: 15, minWidth: 15 } }}
        >
          {total ? <ForumIcon fontSize="small" /> : <AddCommentIcon fontSize="small" />}
        </Badge>
      </IconButton>
    </Tooltip>
  );
}
