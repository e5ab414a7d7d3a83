import { describe, expect, it } from 'vitest';
import { el, esc, text } from './xml';

describe('ODM XML text', () => {
  it('escapes markup and drops what XML 1.0 cannot carry, leaving plain text as it is', () => {
    expect(esc(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    expect(esc('bell\u0007 tab\t line\n form\u000C end\uFFFE')).toBe('bell tab\t line\n form end');
    expect(esc('\u0000<')).toBe('&lt;');
    const plain = 'Zoë 𝄞 2026-10-20T12:00:00.000Z';
    expect(esc(plain)).toBe(plain);
  });

  it('leaves out empty and undefined attributes, keeps their order, and closes an empty element', () => {
    expect(el('F', { B: 'x&y', A: undefined, C: '', D: 0 })).toBe('<F B="x&amp;y" D="0"/>');
    expect(el('F', { A: 1 }, '', text('T', '<v>'), '')).toBe('<F A="1"><T>&lt;v&gt;</T></F>');
  });
});
