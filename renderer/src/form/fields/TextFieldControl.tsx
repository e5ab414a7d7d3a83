import { OutlinedInput } from '@mui/material';
import type { FieldControlProps } from '../types';

/** Free text; a long maximum (notes, narratives) gets a multi-line box. */
export function TextFieldControl({
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
  const long = (field.maxLength ?? 0) > 200;
  return (
    <OutlinedInput
      id={inputId}
      size="small"
      fullWidth={long}
      sx={{
        width: long ? '100%' : Math.min(420, Math.max(160, (field.maxLength ?? 40) * 9)),
        bgcolor: readOnly ? 'grey.50' : undefined,
      }}
      multiline={long}
      minRows={long ? 3 : undefined}
      maxRows={long ? 12 : undefined}
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      readOnly={readOnly}
      error={invalid}
      inputProps={{
        'aria-labelledby': labelId,
        'aria-describedby': describedBy,
        'aria-invalid': invalid || undefined,
        maxLength: field.maxLength ? field.maxLength + 50 : undefined,
        spellCheck: long,
      }}
    />
  );
}
