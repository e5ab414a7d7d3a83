// Refreshes main/electron/types/electron.d.ts from the electron package of the version that
// electron-builder.yml names. Uses `npm pack` (the registry tarball; no binary download).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const version = /^electronVersion:\s*(\S+)/m.exec(readFileSync('electron-builder.yml', 'utf8'))?.[1];
if (!version) throw new Error('electron-builder.yml names no electronVersion');
const dir = mkdtempSync(join(tmpdir(), 'electron-types-'));
try {
  const tgz = execFileSync('npm', ['pack', `electron@${version}`, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('tar', ['xzf', tgz, 'package/electron.d.ts', 'package/LICENSE'], { cwd: dir });
  copyFileSync(join(dir, 'package', 'electron.d.ts'), 'main/electron/types/electron.d.ts');
  copyFileSync(join(dir, 'package', 'LICENSE'), 'main/electron/types/LICENSE');
  console.log(`main/electron/types/electron.d.ts: Electron ${version}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
