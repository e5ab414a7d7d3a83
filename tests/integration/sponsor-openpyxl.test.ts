/**
 * A workbook opened and saved by a second program, Python's openpyxl (Debian's python3-openpyxl,
 * installed by .ci/run): with no value changed it verifies and the sponsor's store knows it for
 * the submission it already holds; with one value changed in openpyxl the import refuses it,
 * naming the sheet, the subject and the column.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubmission } from '../../main/export/workbook-reader';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import type { Store } from '../../main/sponsor/store';
import { makeNetwork, type NetworkFixture } from '../support/network-fixture';

/** Debian's interpreter, where python3-openpyxl lives (not a pyenv shim on the PATH). */
const PYTHON = '/usr/bin/python3';

const RESAVE = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb.save(sys.argv[2])
`;
/** Raises the first whole number of PROC's first data row by 5; prints that cell's subject and column code. */
const EDIT = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['PROC']
codes = [c.value for c in ws[1]]
row = ws[3]
for i, c in enumerate(row):
    if isinstance(c.value, int) and i > 0:
        c.value = c.value + 5
        print(row[0].value, codes[i])
        break
wb.save(sys.argv[2])
`;

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

const python = (script: string, ...args: string[]): string =>
  execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8' });

describe('a workbook re-saved by openpyxl', () => {
  it('with no value changed: verifies, reads the same values, and is the submission the store holds', async () => {
    const copy = join(net.dir, 'resaved-openpyxl.xlsx');
    python(RESAVE, original, copy);
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
    const [subject, column] = python(EDIT, original, edited).trim().split(' ');
    expect(column).toBeTruthy();
    await expect(importWorkbook(store, edited)).rejects.toThrow(
      new RegExp(`tampered: PROC differ.*PROC subject ${subject} column ${column}: \\d+ exported, \\d+ in this file`),
    );
  });
});
