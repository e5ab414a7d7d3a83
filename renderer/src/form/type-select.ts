/**
 * Type-to-select in a choice: a key that is an option's code picks it (`F`, `Y`, `2`); otherwise
 * the options whose label starts with that letter, and a repeated key cycles among them, so a
 * coordinator picks an answer with one or two keystrokes without reaching for the arrows.
 */
export interface ChoiceOption {
  code: string;
  label: string;
}

/** The key a user typed, if it is one printable character with no modifier but Shift. */
export function typedChar(e: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean }): string | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  // Space belongs to the control itself (it checks a radio, toggles a box, opens a list).
  if (e.key.length !== 1 || e.key === ' ') return null;
  return e.key;
}

/** The options a key means, in the order a repeated key visits them: the code first, then the labels. */
export function optionsForKey(options: readonly ChoiceOption[], key: string): ChoiceOption[] {
  const k = key.toLocaleLowerCase();
  const byCode = options.filter((o) => o.code.toLocaleLowerCase() === k);
  const byLabel = options.filter((o) => o.label.trim().toLocaleLowerCase().startsWith(k) && !byCode.includes(o));
  return [...byCode, ...byLabel];
}

/** The code to select when `key` is typed while `current` is selected, or null when no option fits. */
export function codeForKey(options: readonly ChoiceOption[], key: string, current: string | null): string | null {
  const fits = optionsForKey(options, key);
  if (fits.length === 0) return null;
  const at = fits.findIndex((o) => o.code === current);
  return fits[(at + 1) % fits.length]!.code;
}
