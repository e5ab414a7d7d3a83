import type { FieldDef, MissingCode } from '../../../shared/protocol/schema';

/** A field's value as typed on screen: numbers and dates stay text until main normalises them. */
export type RawValue = string | string[] | { missing: MissingCode } | null;
export type RawValues = Record<string, RawValue>;

export interface FieldControlProps {
  field: FieldDef;
  value: RawValue;
  onChange(v: RawValue): void;
  onBlur(): void;
  readOnly: boolean;
  invalid: boolean;
  /** id of the element with the field's label (the accessible name of the control). */
  labelId: string;
  /** id given to the control (or its first input) so the error summary can focus it. */
  inputId: string;
  /** ids of the help and message elements. */
  describedBy: string | undefined;
}

export function isMissingValue(v: RawValue | undefined): v is { missing: MissingCode } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const fieldDomId = (fieldId: string): string => `field-${fieldId}`;
