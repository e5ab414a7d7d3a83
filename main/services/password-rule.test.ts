/** The screens' password rule (shared/password-policy.ts) is the one main enforces. */
import { describe, expect, it } from 'vitest';
import { passwordProblem, PASSWORD_MAX, PASSWORD_MIN } from '../../shared/password-policy';
import { validatePassword } from './site-db';

describe('validatePassword', () => {
  it('is the rule main enforces: the screens never accept what main refuses, nor the reverse', () => {
    for (const n of [0, 1, PASSWORD_MIN - 1, PASSWORD_MIN, 50, PASSWORD_MAX, PASSWORD_MAX + 1]) {
      const pw = 'p'.repeat(n);
      let mainAccepts = true;
      try {
        validatePassword(pw);
      } catch {
        mainAccepts = false;
      }
      expect(passwordProblem(pw) === null, `length ${n}`).toBe(mainAccepts);
    }
  });
});
