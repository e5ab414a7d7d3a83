import { describe, expect, it } from 'vitest';
import { codeForKey, optionsForKey, typedChar } from './type-select';

const sex = [
  { code: 'F', label: 'Female' },
  { code: 'M', label: 'Male' },
  { code: 'U', label: 'Unknown' },
];
const guidance = [
  { code: 'CT', label: 'CT' },
  { code: 'CT_FLUORO', label: 'CT fluoroscopy' },
  { code: 'CT_PLUS_FLUORO', label: 'CT plus fluoroscopy' },
];
const scale = [
  { code: '1', label: 'None' },
  { code: '2', label: 'Mild' },
  { code: '3', label: 'Moderate' },
  { code: 'N', label: 'Not assessed' },
];

describe('type-to-select', () => {
  it('picks the option whose code is the key, in either case', () => {
    expect(codeForKey(sex, 'f', null)).toBe('F');
    expect(codeForKey(sex, 'U', 'F')).toBe('U');
    expect(codeForKey(scale, '2', null)).toBe('2');
  });

  it('picks by the first letter of the label when no code is the key', () => {
    expect(
      codeForKey(
        [
          { code: 'INDEP', label: 'Independent' },
          { code: 'AID', label: 'Walker / cane' },
        ],
        'w',
        null,
      ),
    ).toBe('AID');
  });

  it('cycles among the options of that letter on a repeated key, and wraps round', () => {
    expect(codeForKey(guidance, 'c', null)).toBe('CT');
    expect(codeForKey(guidance, 'c', 'CT')).toBe('CT_FLUORO');
    expect(codeForKey(guidance, 'c', 'CT_FLUORO')).toBe('CT_PLUS_FLUORO');
    expect(codeForKey(guidance, 'c', 'CT_PLUS_FLUORO')).toBe('CT');
  });

  it('visits the code match first, then the labels with that letter', () => {
    // "N" is the code of "Not assessed" and the first letter of "None".
    expect(optionsForKey(scale, 'n').map((o) => o.code)).toEqual(['N', '1']);
    expect(codeForKey(scale, 'n', null)).toBe('N');
    expect(codeForKey(scale, 'n', 'N')).toBe('1');
    expect(codeForKey(scale, 'm', null)).toBe('2');
    expect(codeForKey(scale, 'm', '2')).toBe('3');
  });

  it('keeps the selection when nothing fits', () => {
    expect(codeForKey(sex, 'x', 'F')).toBeNull();
    expect(codeForKey(sex, '9', null)).toBeNull();
  });

  it('takes only a printable key without Ctrl, Alt or Meta, and leaves Space to the control', () => {
    const k = (key: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
      typedChar({ key, ctrlKey: false, altKey: false, metaKey: false, ...mods });
    expect(k('y')).toBe('y');
    expect(k('Y')).toBe('Y');
    expect(k(' ')).toBeNull();
    expect(k('Tab')).toBeNull();
    expect(k('ArrowRight')).toBeNull();
    expect(k('m', { altKey: true })).toBeNull();
    expect(k('s', { ctrlKey: true })).toBeNull();
  });
});
