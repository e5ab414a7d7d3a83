import { useState, type KeyboardEvent } from 'react';
import { Box, Checkbox, FormControlLabel } from '@mui/material';
import type { FieldControlProps } from '../types';
import { optionsForKey, typedChar } from '../type-select';

const NEXT: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * Several codes: a group of check boxes, in the protocol's order, that is ONE Tab stop (roving
 * tabindex): the arrows move between the boxes, Space toggles, a typed first letter goes to its box.
 * Tab then goes on to the next field instead of through every box.
 */
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
  const codes = field.codes ?? [];
  const [active, setActive] = useState(0);
  const toggle = (code: string, on: boolean) => {
    if (readOnly) return;
    const next = on ? [...chosen, code] : chosen.filter((c) => c !== code);
    const order = codes.map((c) => c.code);
    onChange(next.sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  };
  const moveTo = (group: HTMLElement, i: number) => {
    const n = codes.length;
    const to = ((i % n) + n) % n;
    setActive(to);
    group.querySelectorAll<HTMLInputElement>('input[type=checkbox]')[to]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey || codes.length === 0) return;
    const step = NEXT[e.key];
    let to: number | null = step !== undefined ? active + step : e.key === 'Home' ? 0 : e.key === 'End' ? -1 : null;
    if (to === null) {
      const ch = typedChar(e);
      const fits = ch === null ? [] : optionsForKey(codes, ch).map((o) => codes.indexOf(o));
      if (fits.length === 0) return;
      to = fits.find((i) => i > active) ?? fits[0]!;
    }
    e.preventDefault();
    moveTo(e.currentTarget, to);
  };
  return (
    <Box
      role="group"
      aria-labelledby={labelId}
      aria-describedby={describedBy}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) onBlur();
      }}
      sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2.5 }}
    >
      {codes.map((c, i) => (
        <FormControlLabel
          key={c.code}
          disabled={readOnly && !chosen.includes(c.code)}
          control={
            <Checkbox
              size="small"
              id={i === 0 ? inputId : undefined}
              checked={chosen.includes(c.code)}
              tabIndex={i === active ? 0 : -1}
              onFocus={() => setActive(i)}
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
