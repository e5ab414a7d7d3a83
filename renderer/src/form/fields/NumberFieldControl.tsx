import { InputAdornment, OutlinedInput } from '@mui/material';
import type { FieldControlProps } from '../types';

/** Whole numbers and decimals typed as text (so "7." is not lost mid-typing), with the unit beside. */
export function NumberFieldControl({
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
  return (
    <OutlinedInput
      id={inputId}
      size="small"
      sx={{ width: field.unit ? 170 : 120, bgcolor: readOnly ? 'grey.50' : undefined }}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      readOnly={readOnly}
      error={invalid}
      endAdornment={field.unit ? <InputAdornment position="end">{field.unit}</InputAdornment> : undefined}
      inputProps={{
        inputMode: field.type === 'int' ? 'numeric' : 'decimal',
        'aria-labelledby': labelId,
        'aria-describedby': describedBy,
        'aria-invalid': invalid || undefined,
        autoComplete: 'off',
      }}
    />
  );
}
