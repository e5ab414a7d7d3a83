/**
 * A count with its noun, in the one form English needs ("1 subject", "2 subjects", "0 queries"),
 * so that no screen says "1 subjects". `many` only for irregular plurals.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The word alone, for a heading or a verb that agrees with a count ("1 form was", "2 forms were"). */
export function pluralWord(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
