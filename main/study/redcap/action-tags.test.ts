import { describe, expect, it } from 'vitest';
import { readActionTags } from './action-tags';

describe('REDCap action tags in the field annotation', () => {
  it('reads bare, =value, ="quoted value" and (nested arguments) tags and leaves the note', () => {
    const r = readActionTags(
      `Ask twice. @HIDDEN @DEFAULT="a b" @MAXCHECKED=2 @CALCTEXT(if([x]='1', 'y (z)', "n")) mail a@b.org`,
    );
    expect(r.tags.map((t) => t.text)).toEqual([
      '@HIDDEN',
      '@DEFAULT="a b"',
      '@MAXCHECKED=2',
      `@CALCTEXT(if([x]='1', 'y (z)', "n"))`,
    ]);
    expect(r.tags.map((t) => t.name)).toEqual(['HIDDEN', 'DEFAULT', 'MAXCHECKED', 'CALCTEXT']);
    expect(r.rest).toBe('Ask twice. mail a@b.org');
  });

  it('never runs past the end of an unclosed quote or parenthesis', () => {
    expect(readActionTags('@DEFAULT="open').tags).toEqual([{ name: 'DEFAULT', text: '@DEFAULT="open' }]);
    expect(readActionTags('@CALCTEXT(if(').tags).toEqual([{ name: 'CALCTEXT', text: '@CALCTEXT(if(' }]);
    expect(readActionTags('@ lone @lower').tags).toEqual([]);
    expect(readActionTags('')).toEqual({ tags: [], rest: '' });
  });
});
