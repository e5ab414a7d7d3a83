import { Box } from '@mui/material';
import type { FieldValue } from '../../../../shared/protocol/schema';
import type { FieldDef } from '../../../../shared/protocol/schema';

/** Computed by the protocol: shown, never typed. */
export function ComputedFieldControl({
  field,
  value,
  labelId,
  inputId,
}: {
  field: FieldDef;
  value: FieldValue | undefined;
  labelId: string;
  inputId: string;
}) {
  const shown =
    value === null || value === undefined || value === ''
      ? '—'
      : value === 'Y'
        ? 'Yes'
        : value === 'N'
          ? 'No'
          : Array.isArray(value)
            ? value.join(', ')
            : typeof value === 'object'
              ? value.missing
              : String(value);
  return (
    <Box
      id={inputId}
      role="status"
      aria-labelledby={labelId}
      tabIndex={-1}
      sx={{ fontWeight: 600, py: 0.75, fontVariantNumeric: 'tabular-nums' }}
    >
      {shown}
      {field.unit && shown !== '—' ? ` ${field.unit}` : ''}
    </Box>
  );
}
