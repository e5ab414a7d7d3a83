// Before packing: every native module under node_modules/better-sqlite3-multiple-ciphers must be
// built for Electron's ABI, not Node's. On a machine whose npm config sets nodedir (this image
// does), a "rebuild for Electron" quietly produces a Node-ABI binary that crashes inside Electron.
//
// How: a V8-API addon (better-sqlite3 is one; it does not use N-API) exports the symbol
// `node_register_module_v<NODE_MODULE_VERSION>`: that number is read from the .node file. The
// target is Electron's process.versions.modules, asked from the Electron binary itself
// (ELECTRON_RUN_AS_NODE=1 electron -p process.versions.modules) when it is installed, else
// looked up with node-abi for electronVersion of electron-builder.yml. N-API addons
// (`napi_register_module_v1`) are ABI-stable and pass.
//   node build/check-abi.js            exit 0 if every binary matches, 1 with one line per mismatch
//   node build/check-abi.js --expect N check against N instead (e.g. 115 for Node 20 in tests)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const MODULE = 'better-sqlite3-multiple-ciphers';

function electronVersion() {
  try {
    return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    const m = /^electronVersion:\s*["']?([\d.]+)/m.exec(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
    if (!m) throw new Error('No Electron version: install electron or set electronVersion in electron-builder.yml');
    return m[1];
  }
}

function electronAbi() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const bin = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    if (existsSync(bin)) {
      const out = execFileSync(bin, ['-p', 'process.versions.modules'], {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        encoding: 'utf8',
      }).trim();
      if (/^\d+$/.test(out)) return { abi: Number(out), from: `the Electron binary (${electronVersion()})` };
    }
  } catch {
    /* no runnable Electron here: fall back to node-abi */
  }
  const version = electronVersion();
  const { getAbi } = require('node-abi');
  return { abi: Number(getAbi(version, 'electron')), from: `node-abi for Electron ${version}` };
}

function nodeFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...nodeFiles(p));
    else if (e.endsWith('.node')) out.push(p);
  }
  return out;
}

/** The ABI a .node file was built for, 'napi' for an ABI-stable addon, or null (not an addon). */
export function abiOf(file) {
  const text = readFileSync(file).toString('latin1');
  const v8 = /node_register_module_v(\d+)/.exec(text);
  if (v8) return Number(v8[1]);
  if (/napi_register_module_v\d+/.test(text)) return 'napi';
  return null;
}

const args = process.argv.slice(2);
const expectArg = args.indexOf('--expect');
const target = expectArg >= 0 ? { abi: Number(args[expectArg + 1]), from: 'the command line' } : electronAbi();
const dir = join(root, 'node_modules', MODULE);
if (!existsSync(dir)) {
  console.error(`check-abi: ${MODULE} is not installed`);
  process.exit(1);
}
const files = nodeFiles(dir)
  .map((f) => ({ f, abi: abiOf(f) }))
  .filter((x) => x.abi !== null);
if (!files.length) {
  console.error(`check-abi: no native addon found under node_modules/${MODULE}: build it first`);
  process.exit(1);
}
const bad = files.filter((x) => x.abi !== 'napi' && x.abi !== target.abi);
for (const x of bad)
  console.error(
    `check-abi: ${relative(root, x.f)} is built for ABI ${x.abi}, Electron needs ${target.abi} (${target.from}): run electron-builder install-app-deps without nodedir`,
  );
if (bad.length) process.exit(1);
console.log(`check-abi: ${files.length} native addon(s) match ABI ${target.abi} (${target.from})`);
