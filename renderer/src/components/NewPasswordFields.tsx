/**
 * A new password typed twice, as every screen that sets one asks it (setup, recovery, add user,
 * reset a password, change my password): the rule is shown under the first field from the start
 * (shared/password-policy.ts, the rule main enforces), a password that breaks it says so once the
 * field is left, and the second field says "The two passwords differ" as soon as it does. The
 * labels are real <label>s (MUI TextField), and an error is the field's description, so a screen
 * reader announces it with the field.
 */
import { useState } from 'react';
import { TextField } from '@mui/material';
import { newPasswordProblems, PASSWORD_RULE } from '../../../shared/password-policy';

export interface NewPassword {
  password: string;
  again: string;
}

export const NO_PASSWORD: NewPassword = { password: '', again: '' };

/** True when the two fields hold an accepted password, the same twice. */
export function newPasswordReady(v: NewPassword): boolean {
  const p = newPasswordProblems(v.password, v.again);
  return !p.password && !p.again;
}

interface Props {
  value: NewPassword;
  onChange(v: NewPassword): void;
  /** The first field's label; the second is the same with " again". */
  label?: string;
  /** Ids of the two inputs: `${id}-password` and `${id}-password2` (a screen focuses the first problem by id). */
  id?: string;
  /** Said after the rule under the first field (e.g. "tell the user in person"). */
  note?: string;
  autoFocus?: boolean;
  required?: boolean;
  /** Show every problem now, touched or not (the screen tried to submit). */
  showErrors?: boolean;
  /** Main's refusal of the password, shown on the first field. */
  serverError?: string;
}

export function NewPasswordFields({
  value,
  onChange,
  label = 'New password',
  id,
  note,
  autoFocus,
  required,
  showErrors,
  serverError,
}: Props) {
  const [left, setLeft] = useState({ password: false, again: false });
  const problems = newPasswordProblems(value.password, value.again);
  const rule = note ? `${PASSWORD_RULE}; ${note}` : PASSWORD_RULE;
  const passwordError = ((showErrors || left.password) && problems.password) || serverError;
  // A differing second entry is said at once; an empty one only once it was left or on submit.
  const againError = (value.again !== '' || showErrors || left.again) && problems.again;
  return (
    <>
      <TextField
        id={id ? `${id}-password` : undefined}
        label={label}
        type="password"
        autoComplete="new-password"
        value={value.password}
        onChange={(e) => onChange({ ...value, password: e.target.value })}
        onBlur={() => setLeft((l) => ({ ...l, password: true }))}
        error={!!passwordError}
        helperText={passwordError || rule}
        autoFocus={autoFocus}
        required={required}
      />
      <TextField
        id={id ? `${id}-password2` : undefined}
        label={`${label} again`}
        type="password"
        autoComplete="new-password"
        value={value.again}
        onChange={(e) => onChange({ ...value, again: e.target.value })}
        onBlur={() => setLeft((l) => ({ ...l, again: value.again !== '' || l.again }))}
        error={!!againError}
        helperText={againError || ' '}
        required={required}
      />
    </>
  );
}
