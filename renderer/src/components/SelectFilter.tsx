import { FormControl, InputLabel, MenuItem, Select } from '@mui/material';

/** A labelled drop-down filter; the empty value means "all". */
export function SelectFilter({
  id,
  label,
  value,
  options,
  onChange,
  width = 180,
  allLabel = 'All',
}: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(v: string): void;
  width?: number;
  allLabel?: string | null;
}) {
  return (
    <FormControl sx={{ minWidth: width }}>
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select labelId={`${id}-label`} id={id} label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {allLabel !== null && <MenuItem value="">{allLabel}</MenuItem>}
        {options.map((o) => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
