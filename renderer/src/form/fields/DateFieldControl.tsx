/**
 * Dates are typed (MM/DD/YYYY or YYYY-MM-DD: chart abstraction is typing, not clicking) with
 * a calendar button beside for the occasional pick. A saved or picked date shows in the one
 * display format (date-display.ts), whatever way it was typed. The button is out of the Tab order (Tab goes
 * field to field) and opens with Alt+D (FieldRow) or a click.
 */
import { useState } from 'react';
import { IconButton, InputAdornment, OutlinedInput, Popover, Tooltip, Typography } from '@mui/material';
import CalendarIcon from '@mui/icons-material/CalendarMonthOutlined';
import { DateCalendar } from '@mui/x-date-pickers/DateCalendar';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { AdapterDateFns } from '@mui/x-date-pickers/AdapterDateFns';
import { format, parse } from 'date-fns';
import { DATE_DISPLAY_FORMAT } from '../../../../shared/date-display';
import { parseDateInput } from '../../../../shared/dates';
import type { FieldControlProps } from '../types';

export function DateFieldControl({
  field,
  value,
  onChange,
  onBlur,
  readOnly,
  invalid,
  labelId,
  inputId,
  describedBy,
}: FieldControlProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const text = typeof value === 'string' ? value : '';
  const iso = parseDateInput(text);
  const picked = iso ? parse(iso, 'yyyy-MM-dd', new Date(2000, 0, 1)) : null;
  return (
    <>
      <OutlinedInput
        id={inputId}
        size="small"
        sx={{ width: 190, bgcolor: readOnly ? 'grey.50' : undefined }}
        value={text}
        placeholder={DATE_DISPLAY_FORMAT}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        readOnly={readOnly}
        error={invalid}
        inputProps={{
          'aria-labelledby': labelId,
          'aria-describedby':
            [describedBy, readOnly ? null : `${inputId}-format`].filter(Boolean).join(' ') || undefined,
          'aria-invalid': invalid || undefined,
          autoComplete: 'off',
          inputMode: 'numeric',
        }}
        endAdornment={
          readOnly ? undefined : (
            <InputAdornment position="end">
              <Tooltip title="Pick from a calendar (Alt+D)">
                <IconButton
                  edge="end"
                  tabIndex={-1}
                  data-action="calendar"
                  aria-keyshortcuts="Alt+D"
                  aria-label={`Pick ${field.label} from a calendar`}
                  onClick={(e) => setAnchor(e.currentTarget)}
                >
                  <CalendarIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            </InputAdornment>
          )
        }
      />
      {!readOnly && (
        <Typography id={`${inputId}-format`} variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          MM/DD/YYYY or YYYY-MM-DD
        </Typography>
      )}
      <Popover
        open={!!anchor}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <LocalizationProvider dateAdapter={AdapterDateFns}>
          <DateCalendar
            value={picked}
            autoFocus
            onChange={(d: Date | null, state) => {
              if (!d) return;
              onChange(format(d, 'yyyy-MM-dd'));
              if (state === 'finish') {
                setAnchor(null);
                window.setTimeout(() => {
                  document.getElementById(inputId)?.focus();
                  onBlur();
                }, 0);
              }
            }}
          />
        </LocalizationProvider>
      </Popover>
    </>
  );
}
