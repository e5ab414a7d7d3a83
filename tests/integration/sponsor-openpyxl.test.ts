/**
 * A workbook opened and saved by a second program, Python's openpyxl (Debian's python3-openpyxl,
 * installed by .ci/run): with no value changed it verifies and the sponsor's store knows it for
 * the submission it already holds; with one value changed in openpyxl the import refuses it,
 * naming the sheet, the subject and the column.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubmission } from '../../main/export/workbook-reader';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import type { Store } from '../../main/sponsor/store';
import { makeNetwork, type NetworkFixture } from '../support/network-fixture';
import { openpyxlEditProc, openpyxlResave } from '../support/openpyxl';

let net: NetworkFixture;
let store: Store;
let original: string;

beforeAll(async () => {
  net = await makeNetwork({ months: 1, subjects: 12 });
  original = net.sites[0]!.workbooks[0]!;
  store = await initStore(join(net.dir, 'study.duckdb'), original);
  await importWorkbook(store, original);
}, 300_000);
afterAll(() => {
  store?.close();
  net?.cleanup();
});

describe('a workbook re-saved by openpyxl', () => {
  it('with no value changed: verifies, reads the same values, and is the submission the store holds', async () => {
    const copy = join(net.dir, 'resaved-openpyxl.xlsx');
    openpyxlResave(original, copy);
    const [a, b] = [await readSubmission(original), await readSubmission(copy)];
    expect(b.hashCheck).toEqual({ ok: true, mismatches: [] });
    expect(b.sheets).toEqual(a.sheets);
    expect(b.coverSha256).toBe(a.coverSha256);
    const r = await importWorkbook(store, copy);
    expect(r.status).toBe('duplicate');
    expect(r.message).toContain('a re-saved copy of it');
  });

  it('with one value changed in openpyxl: refused, naming sheet, subject and column', async () => {
    const edited = join(net.dir, 'edited-openpyxl.xlsx');
    const { subject, column } = openpyxlEditProc(original, edited);
    expect(column).toBeTruthy();
    await expect(importWorkbook(store, edited)).rejects.toThrow(
      new RegExp(`tampered: PROC differ.*PROC subject ${subject} column ${column}: \\d+ exported, \\d+ in this file`),
    );
  });
});
