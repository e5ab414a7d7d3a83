import { describe, expect, it } from 'vitest';
import { newPasswordProblems, passwordProblem, PASSWORD_MAX, PASSWORD_MIN } from './password-policy';

describe('the password rule', () => {
  it('accepts from the minimum to the maximum length, and names what is wrong otherwise', () => {
    expect(passwordProblem('x'.repeat(PASSWORD_MIN - 1))).toBe('At least 10 characters');
    expect(passwordProblem('x'.repeat(PASSWORD_MIN))).toBeNull();
    expect(passwordProblem('x'.repeat(PASSWORD_MAX))).toBeNull();
    expect(passwordProblem('x'.repeat(PASSWORD_MAX + 1))).toBe('At most 200 characters');
  });

  it('a new password typed twice: the second must match', () => {
    expect(newPasswordProblems('long enough 1', 'long enough 1')).toEqual({});
    expect(newPasswordProblems('long enough 1', 'long enough')).toEqual({ again: 'The two passwords differ' });
    expect(newPasswordProblems('short', '')).toEqual({
      password: 'At least 10 characters',
      again: 'The two passwords differ',
    });
  });
});
