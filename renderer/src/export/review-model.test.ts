import { describe, expect, it } from 'vitest';
import type { ReviewViewItem } from '../../../shared/ipc/review';
import {
  addRedactions,
  findPhrase,
  NO_DECISION,
  pieces,
  removeRedaction,
  sentText,
  toDecisions,
  undoAdded,
  undoRemoved,
} from './review-model';

const text = 'Seen by Dr. Feldman with Jane Roe; call Feldman back';
const item: ReviewViewItem = {
  key: 'S-1/fu/FU/1/fu_notes',
  subjectId: 'S-1',
  where: 'fu FU#1 fu_notes',
  text,
  spans: [
    { start: 12, end: 19, kind: 'NAME', subject: false },
    { start: 25, end: 33, kind: 'NAME', subject: true },
  ],
};

describe('the free-text review on the export screen', () => {
  it('shows the text as the workbook carries it, with the scanner’s redactions', () => {
    expect(sentText(item, NO_DECISION)).toBe('Seen by Dr. [REDACTED:NAME] with [REDACTED:NAME]; call Feldman back');
  });

  it('adds every occurrence of a phrase, case-insensitive, and undoes it', () => {
    const ranges = findPhrase(text, 'feldman');
    expect(ranges).toEqual([
      { start: 12, end: 19 },
      { start: 40, end: 47 },
    ]);
    const d = addRedactions(NO_DECISION, ranges);
    expect(sentText(item, d)).toBe('Seen by Dr. [REDACTED:NAME] with [REDACTED:NAME]; call [REDACTED:ADDED] back');
    expect(addRedactions(d, ranges).add).toHaveLength(2);
    expect(undoAdded(d, { start: 40, end: 47 }).add).toEqual([{ start: 12, end: 19 }]);
    expect(findPhrase(text, '  ')).toEqual([]);
  });

  it('removes a redaction only with a reason and never the subject’s own identifier', () => {
    expect(() => removeRedaction(NO_DECISION, item.spans[1]!, 'not a name at all')).toThrow(/own identifier/);
    expect(() => removeRedaction(NO_DECISION, item.spans[0]!, ' x ')).toThrow(/reason/);
    const d = removeRedaction(NO_DECISION, item.spans[0]!, ' the clinic, not a person ');
    expect(d.remove).toEqual([{ start: 12, end: 19, reason: 'the clinic, not a person' }]);
    expect(sentText(item, d)).toBe('Seen by Dr. Feldman with [REDACTED:NAME]; call Feldman back');
    expect(pieces(item, d).map((p) => p.state)).toEqual(['plain', 'removed', 'plain', 'redacted', 'plain']);
    expect(undoRemoved(d, item.spans[0]!).remove).toEqual([]);
  });

  it('a removed redaction under an added one is still not sent', () => {
    const d = addRedactions(removeRedaction(NO_DECISION, item.spans[0]!, 'clinic name'), [{ start: 8, end: 19 }]);
    expect(sentText(item, d)).toBe('Seen by [REDACTED:ADDED] with [REDACTED:NAME]; call Feldman back');
    expect(pieces(item, d).find((p) => p.text === 'Feldman')?.state).toBe('added');
  });

  it('sends only the values with a decision', () => {
    const all = { a: NO_DECISION, b: addRedactions(NO_DECISION, [{ start: 0, end: 4 }]) };
    expect(toDecisions(all)).toEqual([{ key: 'b', add: [{ start: 0, end: 4 }], remove: [] }]);
  });
});
