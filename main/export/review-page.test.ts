import { describe, expect, it } from 'vitest';
import type { ReviewViewItem } from '../../shared/ipc/review';
import type { ReviewEntry } from './review-list';
import { redactedPage } from './review-page';

/** n listed values; every `every`-th one has a redaction. */
function fixture(n: number, every: number) {
  const entries = Array.from({ length: n }, (_, i): ReviewEntry => ({
    key: `S-${i}/e/f/1/note`,
    subjectId: `S-${i}`,
    subjectPk: i,
    where: 'e f#1 note',
    source: { kind: 'form', event: 'e', form: 'f', instance: 1, field: 'note' },
    value: '',
    ids: '',
  }));
  const cache = new Map<string, ReviewViewItem>();
  let scans = 0;
  const scan = (batch: readonly ReviewEntry[]): ReviewViewItem[] =>
    batch.map((e) => {
      let item = cache.get(e.key);
      if (!item) {
        scans++;
        const i = Number(e.subjectId.slice(2));
        item = { key: e.key, subjectId: e.subjectId, where: e.where, text: 'x', spans: [] };
        if (i % every === 0) item.spans.push({ start: 0, end: 1, kind: 'NAME', subject: false });
        cache.set(e.key, item);
      }
      return item;
    });
  return { entries, scan, isScanned: (k: string) => cache.has(k), scans: () => scans };
}

describe('a page of the values with a redaction', () => {
  it('scans only as far as the page needs, and pages cover every such value once', () => {
    const f = fixture(1_000, 3);
    const first = redactedPage(f.entries, f.scan, f.isScanned, { offset: 0, limit: 10 });
    expect(first.items.map((i) => i.subjectId)).toEqual(Array.from({ length: 10 }, (_, k) => `S-${k * 3}`));
    expect(first.exact).toBe(false);
    expect(f.scans()).toBeLessThanOrEqual(200);
    const keys: string[] = [];
    for (let offset = 0; ; offset += 10) {
      const p = redactedPage(f.entries, f.scan, f.isScanned, { offset, limit: 10 });
      keys.push(...p.items.map((i) => i.key));
      if (p.items.length < 10) {
        expect(p).toMatchObject({ exact: true, count: 334, looked: 1_000 });
        break;
      }
    }
    expect(keys).toHaveLength(334);
    expect(new Set(keys).size).toBe(334);
    // what was scanned once is not scanned again
    expect(f.scans()).toBe(1_000);
  });

  it('stops after so many values scanned anew when redactions are rare, and goes on from there next time', () => {
    const f = fixture(5_000, 1_000);
    const a = redactedPage(f.entries, f.scan, f.isScanned, { offset: 0, limit: 10 }, 1_000);
    expect(a).toMatchObject({ exact: false, looked: 1_000, count: 1 });
    expect(f.scans()).toBe(1_000);
    const b = redactedPage(f.entries, f.scan, f.isScanned, { offset: 0, limit: 10 }, 1_000);
    expect(b).toMatchObject({ exact: false, looked: 2_000, count: 2 });
    expect(f.scans()).toBe(2_000);
    expect(b.items.map((i) => i.subjectId)).toEqual(['S-0', 'S-1000']);
  });
});
