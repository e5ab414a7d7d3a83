import { fieldDomId } from './types';

/** The field's own control: the checked radio of a group, else the input or chip with the field's id. */
export function focusFieldControl(id: string): void {
  const el = document.getElementById(fieldDomId(id));
  if (!el) return;
  const row = el.closest('[data-field]');
  const target =
    row?.querySelector<HTMLElement>('input[type=radio]:checked') ??
    (el.matches('input, textarea, [tabindex]') ? el : el.querySelector<HTMLElement>('input, textarea, [tabindex]')) ??
    el;
  target.focus();
}

/** Moves the eye and the keyboard to a field: its control focused, its row scrolled to the middle. */
export function focusField(id: string): void {
  const el = document.getElementById(fieldDomId(id));
  if (!el) return;
  const row = el.closest('[data-field]');
  const checked = row?.querySelector<HTMLInputElement>('input[type=radio]:checked');
  (checked ?? el).focus();
  (row ?? el).scrollIntoView({ block: 'center' });
}
