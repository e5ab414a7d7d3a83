/** NA / UNK / ND on every non-computed field: "looked, and it is not there" (protocol.md). */
import { useState } from 'react';
import { IconButton, ListItemText, Menu, MenuItem, Tooltip } from '@mui/material';
import MoreIcon from '@mui/icons-material/MoreHoriz';
import { MISSING_CODES, MISSING_LABELS, type MissingCode } from '../../../shared/protocol/schema';

export function MissingCodeMenu({
  fieldLabel,
  current,
  onPick,
  onClear,
  onDone,
}: {
  fieldLabel: string;
  current: MissingCode | null;
  onPick: (c: MissingCode) => void;
  onClear: () => void;
  /** Focus back into the field: the control it was opened from is replaced by the code's chip. */
  onDone: () => void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => {
    setAnchor(null);
    // After React has drawn the chip (or the control again) in place of what had focus.
    window.requestAnimationFrame(onDone);
  };
  return (
    <>
      <Tooltip title="Missing-data code: NA, UNK, ND (Alt+M in the field)">
        <IconButton
          data-action="missing"
          tabIndex={-1}
          aria-keyshortcuts="Alt+M"
          aria-label={`Missing-data code for ${fieldLabel}`}
          aria-haspopup="menu"
          onClick={(e) => setAnchor(e.currentTarget)}
        >
          <MoreIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Menu anchorEl={anchor} open={!!anchor} onClose={close} disableRestoreFocus>
        {MISSING_CODES.map((c) => (
          <MenuItem
            key={c}
            selected={current === c}
            onClick={() => {
              onPick(c);
              close();
            }}
          >
            <ListItemText primary={`${c} — ${MISSING_LABELS[c]}`} />
          </MenuItem>
        ))}
        {current && (
          <MenuItem
            onClick={() => {
              onClear();
              close();
            }}
          >
            <ListItemText primary="Clear the code and enter a value" />
          </MenuItem>
        )}
      </Menu>
    </>
  );
}
