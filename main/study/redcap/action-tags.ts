/**
 * REDCap's action tags in the Field Annotation column: `@NAME`, `@NAME=value`, `@NAME="quoted value"`
 * and `@NAME(arguments)`. A scanner, not a regular expression, because arguments nest
 * (`@CALCTEXT(if([a]='1', 'yes', 'no'))`) and quoted values hold spaces; what is left over is the
 * free-text annotation.
 */
export interface ActionTags {
  /** Each tag as written, argument included. */
  tags: { name: string; text: string }[];
  /** The annotation without its tags. */
  rest: string;
}

const NAME = /^@[A-Z][A-Z0-9_-]*/;

/** The end of a quoted string that opens at `i`, or the end of the text when it never closes. */
function quoteEnd(s: string, i: number): number {
  const q = s[i]!;
  const end = s.indexOf(q, i + 1);
  return end < 0 ? s.length : end + 1;
}

/** The end of a parenthesised argument that opens at `i`, quotes respected. */
function parenEnd(s: string, i: number): number {
  let depth = 0;
  for (let k = i; k < s.length; k++) {
    const c = s[k]!;
    if (c === '"' || c === "'") k = quoteEnd(s, k) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return k + 1;
  }
  return s.length;
}

export function readActionTags(annotation: string): ActionTags {
  const tags: ActionTags['tags'] = [];
  let rest = '';
  let i = 0;
  while (i < annotation.length) {
    const at = annotation.indexOf('@', i);
    if (at < 0) break;
    const name = NAME.exec(annotation.slice(at))?.[0];
    // A tag starts a word: "a@b.org" in a note is an address, not a tag.
    if (!name || (at > 0 && !/\s/.test(annotation[at - 1]!))) {
      rest += annotation.slice(i, at + 1);
      i = at + 1;
      continue;
    }
    rest += annotation.slice(i, at);
    let end = at + name.length;
    const next = annotation[end];
    if (next === '=') {
      const v = annotation[end + 1];
      end =
        v === '"' || v === "'"
          ? quoteEnd(annotation, end + 1)
          : end + 1 + /^\S*/.exec(annotation.slice(end + 1))![0].length;
    } else if (next === '(') end = parenEnd(annotation, end);
    tags.push({ name: name.slice(1), text: annotation.slice(at, end) });
    i = end;
  }
  rest += annotation.slice(i);
  return { tags, rest: rest.replace(/\s+/g, ' ').trim() };
}
