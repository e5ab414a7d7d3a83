/**
 * The layering rule refuses each climbing import or foreign package that the structure issue
 * found accepted, and accepts the imports that go down. The files are virtual (lintText), so
 * nothing is planted in the tree.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'layers/no-climb').map((m) => m.message);
}

describe('layers', () => {
  it.each([
    [
      'main/db/planted.ts',
      "import { appendAudit } from '../services/audit';",
      /main\/db may not import main\/services/,
    ],
    ['main/db/planted.ts', "import { dispatch } from '../ipc/dispatch';", /main\/db may not import main\/ipc/],
    ['main/services/planted.ts', "import { PROFILES } from '../export/profiles';", /may not import main\/export/],
    ['main/export/planted.ts', "import { dispatch } from '../ipc/dispatch';", /may not import main\/ipc/],
    ['main/ipc/planted.ts', "import { startHost } from '../host/server';", /may not import main\/host/],
    ['shared/planted.ts', "import { readFile } from 'node:fs/promises';", /may not use the package <node built-ins>/],
    ['shared/planted.ts', "import { createHash } from 'crypto';", /may not use the package <node built-ins>/],
    ['shared/planted.ts', "import ExcelJS from 'exceljs';", /may not use the package exceljs/],
    ['shared/planted.ts', "import { Command } from 'commander';", /may not use the package commander/],
    [
      'shared/planted.ts',
      "import { saveForm } from '../main/services/save-form';",
      /shared may not import main\/services/,
    ],
    ['renderer/src/planted.ts', "import { saveForm } from '../../main/services/save-form';", /renderer may not import/],
    ['renderer/src/planted.ts', "import { join } from 'node:path';", /may not use the package <node built-ins>/],
    ['main/services/planted.ts', "import { App } from '../../renderer/src/App';", /may not import renderer/],
    ['main/services/planted.ts', "import { site } from '../../tests/support/ipc';", /may not import tests\/support/],
    ['main/export/planted.ts', "import { Command } from 'commander';", /may not use the package commander/],
  ])('refuses %s: %s', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['main/services/planted.ts', "import { openEncrypted } from '../db/connection';"],
    [
      'main/ipc/planted.ts',
      "import { PROFILES } from '../export/profiles';\nimport { saveForm } from '../services/save-form';",
    ],
    ['main/cli/planted.ts', "import { Command } from 'commander';\nimport { readFileSync } from 'node:fs';"],
    [
      'renderer/src/planted.tsx',
      "import { ROLES } from '../../shared/roles';\nimport Button from '@mui/material/Button';",
    ],
    ['shared/planted.ts', "import { z } from 'zod';\nimport { parseISO } from 'date-fns';"],
    ['main/db/planted.test.ts', "import { it } from 'vitest';\nimport { x } from '../../tests/support/ipc';"],
  ])('accepts %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
