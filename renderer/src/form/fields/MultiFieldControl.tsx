import { Box, Checkbox, FormControlLabel } from '@mui/material';
import type { FieldControlProps } from '../types';

/** Several codes: a group of check boxes, in the protocol's order. */
export function MultiFieldControl({
  field,
  value,
  onChange,
  onBlur,
  readOnly,
  labelId,
  inputId,
  describedBy,
  invalid,
}: FieldControlProps) {
  const chosen = Array.isArray(value) ? value : [];
  const toggle = (code: string, on: boolean) => {
    if (readOnly) return;
    const next = on ? [...chosen, code] : chosen.filter((c) => c !== code);
    const order = field.codes?.map((c) => c.code) ?? [];
    onChange(next.sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  };
  return (
    <Box
      role="group"
      aria-labelledby={labelId}
      aria-describedby={describedBy}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onBlur();
      }}
      sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2.5 }}
    >
      {(field.codes ?? []).map((c, i) => (
        <FormControlLabel
          key={c.code}
          disabled={readOnly && !chosen.includes(c.code)}
          control={
            <Checkbox
              size="small"
              id={i === 0 ? inputId : undefined}
              checked={chosen.includes(c.code)}
              onChange={(e) => toggle(c.code, e.target.checked)}
              slotProps={{ input: { 'aria-invalid': invalid || undefined, readOnly } as object }}
            />
          }
          label={c.label}
          sx={{ '& .MuiFormControlLabel-label': { fontSize: 13 } }}
        />
      ))}
    </Box>
  );
}
