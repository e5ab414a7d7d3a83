/**
 * A workbook edited after its export is refused by the sponsor's import naming the sheet, the
 * subject and the column: exactly, with both values, when the store holds the submission as
 * exported; as a cell changed without a Changes row when it is the site's next month.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubmission } from '../../main/export/workbook-reader';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import type { Store } from '../../main/sponsor/store';
import { makeNetwork, type NetworkFixture } from '../support/network-fixture';

let net: NetworkFixture;
let store: Store;
let months: string[];

beforeAll(async () => {
  net = await makeNetwork({ months: 2, subjects: 24 });
  months = net.sites[0]!.workbooks;
  store = await initStore(join(net.dir, 'study.duckdb'), months[0]!);
}, 300_000);
afterAll(() => {
  store?.close();
  net?.cleanup();
});

/** The file with one number of PROC's first data row (sheet 6, row 3) raised by 5; and which cell that is. */
async function edit(file: string, name: string): Promise<{ file: string; subject: string; column: string }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const xml = await zip.file('xl/worksheets/sheet6.xml')!.async('string');
  const m = /<c r="([A-Z]+)3"[^>]*><v>(\d+(?:\.\d+)?)<\/v>/.exec(xml)!;
  zip.file('xl/worksheets/sheet6.xml', xml.replace(m[0], m[0].replace(`<v>${m[2]}</v>`, `<v>${Number(m[2]) + 5}</v>`)));
  const out = join(net.dir, name);
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer' }));
  // Which cell it is, found by comparing what the reader reads from both files.
  const [a, b] = [await readSubmission(file), await readSubmission(out)];
  const before = a.sheets.PROC![0]!;
  const after = b.sheets.PROC![0]!;
  const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
  expect(changed).toHaveLength(1);
  return { file: out, subject: String(after.subject_id), column: changed[0]! };
}

const count = async (): Promise<number> =>
  Number((await store.all('SELECT count(*) AS n FROM sheet_rows'))[0]!.n) +
  Number((await store.all('SELECT count(*) AS n FROM submissions'))[0]!.n);

describe('an edited value, named by subject and column', () => {
  it('a copy of an imported submission: the cell with its exported and its edited value', async () => {
    const first = await importWorkbook(store, months[0]!);
    expect(first.status).not.toBe('duplicate');
    const e = await edit(months[0]!, 'edited-same-month.xlsx');
    const before = await count();
    const err = await importWorkbook(store, e.file).then(
      () => null,
      (x: Error) => x,
    );
    expect(err?.message).toMatch(/refused: tampered: PROC differ/);
    expect(err?.message).toContain(`Edited since the export (submission #${first.submissionId} holds it as exported)`);
    expect(err?.message).toMatch(
      new RegExp(`PROC subject ${e.subject} column ${e.column}: \\d+(\\.\\d+)? exported, \\d+`),
    );
    // Only that cell is named.
    expect(err!.message.match(/ exported, /g)).toHaveLength(1);
    expect(await count()).toBe(before);
  });

  it("the next month's workbook: the cell that changed without a row in its Changes sheet", async () => {
    const e = await edit(months[1]!, 'edited-next-month.xlsx');
    const before = await count();
    const err = await importWorkbook(store, e.file).then(
      () => null,
      (x: Error) => x,
    );
    expect(err?.message).toMatch(/refused: tampered: PROC differ/);
    expect(err?.message).toMatch(/Changed since submission #\d+ without a row in its own Changes sheet: /);
    expect(err?.message).toContain(`PROC subject ${e.subject} column ${e.column}`);
    expect(await count()).toBe(before);
    // The genuine file imports: the edit was the only problem.
    const ok = await importWorkbook(store, months[1]!);
    expect(ok.current).toBe(true);
  });
});
