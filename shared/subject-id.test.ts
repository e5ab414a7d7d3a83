import { describe, expect, it } from 'vitest';
import { compareSubjectIds } from './subject-id';

describe('compareSubjectIds', () => {
  it('orders SITE-NNNN and the wider SITE-NNNNN by number, then by site', () => {
    const ids = ['MMC-10000', 'MMC-9999', 'INS-0002', 'MMC-0001', 'MMC-10001', 'MMC-0010'];
    expect([...ids].sort(compareSubjectIds)).toEqual([
      'INS-0002',
      'MMC-0001',
      'MMC-0010',
      'MMC-9999',
      'MMC-10000',
      'MMC-10001',
    ]);
  });
});
