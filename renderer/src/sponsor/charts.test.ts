import { describe, expect, it } from 'vitest';
import type { StudyTableView } from '../../../shared/ipc/sponsor-contract';
import { enrollmentBars, groupLabels, outcomeLines } from './charts';

const outcomes = (rows: (string | number | null)[][]): StudyTableView => ({
  id: 'outcomes',
  title: 'VAS',
  columns: ['group', 'time_point', 'n', 'mean', 'sd'].map((id) => ({ id, label: id })),
  rows,
});
const characteristics: StudyTableView = {
  id: 'characteristics',
  title: 'c',
  columns: [
    { id: 'characteristic', label: 'Characteristic' },
    { id: 'FX_n', label: 'Fracture: n' },
    { id: 'FX_pct', label: 'Fracture: %' },
    { id: 'ALL_n', label: 'All subjects: n' },
  ],
  rows: [],
};

describe('sponsor charts from the study tables', () => {
  it('draws one line per stratum over the time points, labelled from the characteristics table', () => {
    const t = outcomes([
      ['FX', 'Baseline', 3, 9.2, 1],
      ['FX', '1 month', 2, 1.9, 1],
      ['LES', 'Baseline', 1, 9, 0],
      ['LES', '1 month', 0, null, null],
      ['ALL', 'Baseline', 4, 9.1, 1],
      ['ALL', '1 month', 2, 1.9, 1],
    ]);
    expect(groupLabels([characteristics]).get('FX')).toBe('Fracture');
    expect(outcomeLines([t, characteristics])).toEqual({
      times: ['Baseline', '1 month'],
      series: [
        { id: 'FX', label: 'Fracture', data: [9.2, 1.9] },
        { id: 'LES', label: 'LES', data: [9, null] },
      ],
    });
  });

  it('has no series when no group has a value, and none for a missing table', () => {
    expect(outcomeLines([outcomes([['ALL', 'Baseline', 0, null, null]])]).series).toEqual([]);
    expect(outcomeLines([outcomes([])]).series).toEqual([]);
    expect(outcomeLines([])).toEqual({ times: [], series: [] });
  });

  it('stacks enrollment per site by month, without the ALL row', () => {
    const t: StudyTableView = {
      id: 'enrollment',
      title: 'e',
      columns: [
        { id: 'site', label: 'Site' },
        { id: '2026-10', label: '2026-10' },
        { id: '2026-11', label: '2026-11' },
        { id: 'total', label: 'Total' },
      ],
      rows: [
        ['MMC', 3, 1, 4],
        ['SDI', 2, 0, 2],
        ['ALL', 5, 1, 6],
      ],
    };
    expect(enrollmentBars([t])).toEqual({
      sites: ['MMC', 'SDI'],
      series: [
        { id: '2026-10', label: '2026-10', data: [3, 2] },
        { id: '2026-11', label: '2026-11', data: [1, 0] },
      ],
    });
    expect(enrollmentBars([{ ...t, columns: [t.columns[0]!, t.columns[3]!], rows: [['ALL', 0]] }])).toEqual({
      sites: [],
      series: [],
    });
  });
});
