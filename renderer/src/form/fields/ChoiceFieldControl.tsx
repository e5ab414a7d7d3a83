import { FormControlLabel, MenuItem, Radio, RadioGroup, Select } from '@mui/material';
import type { FieldControlProps } from '../types';

/** One code: radio buttons when there are a few (one keystroke each), a select beyond five. */
export function ChoiceFieldControl({
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
  const codes =
    field.type === 'yesno'
      ? [
          { code: 'Y', label: 'Yes' },
          { code: 'N', label: 'No' },
        ]
      : (field.codes ?? []);
  const current = typeof value === 'string' ? value : '';
  if (codes.length <= 5) {
    return (
      <RadioGroup
        row
        aria-labelledby={labelId}
        aria-describedby={describedBy}
        value={current}
        onChange={(e) => !readOnly && onChange(e.target.value)}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onBlur();
        }}
      >
        {codes.map((c, i) => (
          <FormControlLabel
            key={c.code}
            value={c.code}
            disabled={readOnly && current !== c.code}
            control={
              <Radio
                size="small"
                id={i === 0 ? inputId : undefined}
                readOnly={readOnly}
                slotProps={{ input: { 'aria-invalid': invalid || undefined } as object }}
              />
            }
            label={c.label === c.code || field.type === 'yesno' ? c.label : `${c.label}`}
            sx={{ mr: 2.5, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
          />
        ))}
      </RadioGroup>
    );
  }
  return (
    <Select
      id={`${inputId}-select`}
      SelectDisplayProps={
        { id: inputId, 'aria-labelledby': `${labelId} ${inputId}`, 'aria-describedby': describedBy } as object
      }
      size="small"
      value={current}
      displayEmpty
      readOnly={readOnly}
      error={invalid}
      onChange={(e) => onChange(e.target.value)}
      onClose={() => window.setTimeout(onBlur, 0)}
      onBlur={onBlur}
      sx={{ minWidth: 260, bgcolor: readOnly ? 'grey.50' : undefined }}
      renderValue={(v) =>
        v ? (codes.find((c) => c.code === v)?.label ?? v) : <span style={{ color: '#6b6b6b' }}>Choose…</span>
      }
    >
      <MenuItem value="">
        <em>Not answered</em>
      </MenuItem>
      {codes.map((c) => (
        <MenuItem key={c.code} value={c.code}>
          {c.label}
        </MenuItem>
      ))}
    </Select>
  );
}
