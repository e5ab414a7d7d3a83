/**
 * The password rule, once: main enforces it (site-db.ts validatePassword) and every screen that
 * sets a new password shows it and checks it before sending (NewPasswordFields), so the two can
 * never disagree about what is accepted.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** The rule as the screens show it under the field. */
export const PASSWORD_RULE = `At least ${PASSWORD_MIN} characters`;

export const PASSWORDS_DIFFER = 'The two passwords differ';

/** What is wrong with a new password, in the words the screens show; null if it is accepted. */
export function passwordProblem(pw: string): string | null {
  if (pw.length < PASSWORD_MIN) return PASSWORD_RULE;
  if (pw.length > PASSWORD_MAX) return `At most ${PASSWORD_MAX} characters`;
  return null;
}

/** A new password typed twice: what is wrong with each field (undefined: nothing). */
export function newPasswordProblems(password: string, again: string): { password?: string; again?: string } {
  return {
    password: passwordProblem(password) ?? undefined,
    again: again === password ? undefined : PASSWORDS_DIFFER,
  };
}
