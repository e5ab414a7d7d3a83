/**
 * A count with its noun, in the one form English needs ("1 subject", "2 subjects", "0 queries"),
 * so that no screen says "1 subjects". `many` only for irregular plurals.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
