import { describe, expect, it } from 'vitest';
import { plural, pluralWord } from './plural';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise, with thousands separated', () => {
    expect(plural(1, 'subject')).toBe('1 subject');
    expect(plural(2, 'subject')).toBe('2 subjects');
    expect(plural(0, 'subject')).toBe('0 subjects');
    expect(plural(1, 'open query', 'open queries')).toBe('1 open query');
    expect(plural(3, 'open query', 'open queries')).toBe('3 open queries');
    expect(plural(10000, 'subject')).toBe('10,000 subjects');
  });

  it('gives the word alone for headings and verbs', () => {
    expect(pluralWord(1, 'signature')).toBe('signature');
    expect(pluralWord(2, 'was', 'were')).toBe('were');
    expect(pluralWord(0, 'is', 'are')).toBe('are');
  });
});
