/**
 * Python's openpyxl (Debian's python3-openpyxl, installed by .ci/run) as a second writer of a
 * submission workbook: re-save it unchanged, or change one value, for the reader's tests.
 */
import { execFileSync } from 'node:child_process';

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

const python = (script: string, ...args: string[]): string =>
  execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8' });

/** Opens `file` in openpyxl and saves it as `out`, no value changed. */
export function openpyxlResave(file: string, out: string): void {
  python(RESAVE, file, out);
}

/** Saves `file` as `out` with one whole number of PROC's first data row raised by 5: which cell. */
export function openpyxlEditProc(file: string, out: string): { subject: string; column: string } {
  const [subject = '', column = ''] = python(EDIT, file, out).trim().split(' ');
  return { subject, column };
}
