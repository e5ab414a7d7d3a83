#!/usr/bin/env node
// `npm start`: the Electron app when its runtime is installed, else the browser host.
// `npm run start:browser` (--browser): always the browser host on 127.0.0.1.
// `npm start -- --store STUDY.duckdb [--port N]`: the sponsor screen on that store (sponsor mode):
// the Electron app opened on the store (as File > Open sponsor store… does), else
// `sitecrf sponsor serve` (the browser host).
// Plain JS so that it runs before any TypeScript loader; the host itself is TypeScript run by tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary, or null. Never require('electron') here: without its binary it tries to download. */
function electronBinary() {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    const dir = dirname(pkg);
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const pathTxt = join(dir, 'path.txt');
    if (!existsSync(pathTxt)) return null;
    const bin = join(override || join(dir, 'dist'), readFileSync(pathTxt, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const storeAt = process.argv.indexOf('--store');
const store = storeAt > 0 ? process.argv[storeAt + 1] : undefined;
if (storeAt > 0 && !store) {
  console.error('sitecrf: --store needs a store file (STUDY.duckdb)');
  process.exit(2);
}

async function browserHost() {
  const { register } = await import('tsx/esm/api');
  register();
  if (store) {
    const portAt = process.argv.indexOf('--port');
    const port = portAt > 0 ? ['--port', process.argv[portAt + 1] ?? ''] : [];
    const { main } = await import('../main/cli/index.ts');
    process.exitCode = await main(['node', 'sitecrf', 'sponsor', 'serve', '--store', store, ...port]);
    return;
  }
  await import('../main/host/cli.ts');
}

if (process.argv.includes('--browser')) {
  await browserHost();
} else {
  const bin = electronBinary();
  if (!bin) {
    console.log('The Electron runtime is not installed here: starting the browser host instead.');
    await browserHost();
  } else {
    if (!existsSync(join(root, 'dist', 'electron', 'main.cjs'))) {
      const b = spawnSync(process.execPath, [join(root, 'build', 'bundle-electron.js')], { stdio: 'inherit' });
      if (b.status !== 0) process.exit(b.status ?? 1);
    }
    const child = spawn(bin, store ? [root, '--store', store] : [root], { stdio: 'inherit' });
    child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  }
}
