import { FormControlLabel, MenuItem, Radio, RadioGroup, Select } from '@mui/material';
import type { KeyboardEvent } from 'react';
import type { FieldControlProps } from '../types';
import { codeForKey, typedChar, type ChoiceOption } from '../type-select';

/** A typed code or first letter picks its option (see type-select.ts); other keys are left alone. */
function pickByKey(e: KeyboardEvent, codes: readonly ChoiceOption[], current: string, pick: (code: string) => void) {
  const ch = typedChar(e);
  const code = ch === null ? null : codeForKey(codes, ch, current || null);
  if (code === null) return;
  e.preventDefault();
  e.stopPropagation();
  if (code !== current) pick(code);
  return code;
}

/**
 * One code: radio buttons when there are a few (one keystroke each), a select beyond five. Both
 * take a typed code or first letter. An empty radio group is one Tab stop on its FIRST option
 * (the browser puts Shift+Tab on the last one otherwise); a checked one is its checked radio.
 */
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
        onKeyDown={(e) => {
          if (readOnly) return;
          const code = pickByKey(e, codes, current, onChange);
          // The keyboard follows the pick, so the arrows go on from the option just chosen.
          if (code)
            e.currentTarget.querySelector<HTMLInputElement>(`input[type=radio][value="${CSS.escape(code)}"]`)?.focus();
        }}
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
                tabIndex={(current ? c.code === current : i === 0) ? 0 : -1}
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
      // Closed, the list takes a typed code or first letter too; open, the menu's own type-ahead
      // has the keys (its events bubble here through the portal, hence the target check).
      onKeyDown={(e) => {
        if (!readOnly && (e.target as HTMLElement).id === inputId) pickByKey(e, codes, current, onChange);
      }}
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
