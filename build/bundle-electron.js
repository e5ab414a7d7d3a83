// Bundles the Electron shell into CommonJS: dist/electron/main.cjs and dist/electron/preload.cjs.
// A sandboxed preload cannot be an ES module, and the package is "type": "module", hence .cjs.
// electron and the native SQLite module stay external (node_modules, unpacked from the asar).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'electron');
// @duckdb/node-api loads its platform's N-API binding package at run time (the sponsor store).
const external = ['electron', 'better-sqlite3-multiple-ciphers', '@duckdb/node-api', '@duckdb/node-bindings'];

await build({
  entryPoints: [join(root, 'main/electron/main.ts')],
  outfile: join(out, 'main.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
  // ESM sources find their data files with new URL('./data/x', import.meta.url); in the bundle
  // they all resolve beside main.cjs, where the data files are copied below.
  define: { 'import.meta.url': '__sitecrfBundleUrl' },
  banner: { js: 'const __sitecrfBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
});

// The preload needs the channel names, not zod and the protocol schema behind them: the contract
// is evaluated here, at build time, and the preload gets its channel list as a constant.
const { tsImport } = await import('tsx/esm/api');
const { CHANNELS } = await tsImport(join(root, 'shared/ipc/contract.ts'), import.meta.url);
const { SPONSOR_CHANNELS } = await tsImport(join(root, 'shared/ipc/sponsor-contract.ts'), import.meta.url);
const channelsOnly = {
  name: 'contract-channels-only',
  setup(b) {
    b.onResolve({ filter: /shared\/ipc\/contract$/ }, () => ({ path: 'contract-channels', namespace: 'sitecrf' }));
    b.onResolve({ filter: /shared\/ipc\/sponsor-contract$/ }, () => ({
      path: 'sponsor-channels',
      namespace: 'sitecrf',
    }));
    b.onLoad({ filter: /^contract-channels$/, namespace: 'sitecrf' }, () => ({
      contents: `export const CHANNELS = ${JSON.stringify(CHANNELS)};`,
      loader: 'js',
    }));
    b.onLoad({ filter: /^sponsor-channels$/, namespace: 'sitecrf' }, () => ({
      contents: `export const SPONSOR_CHANNELS = ${JSON.stringify(SPONSOR_CHANNELS)};`,
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [join(root, 'main/electron/preload.ts')],
  plugins: [channelsOnly],
  outfile: join(out, 'preload.cjs'),
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});

// The sandboxed preload may require 'electron' and nothing else.
const preload = readFileSync(join(out, 'preload.cjs'), 'utf8');
const required = [...preload.matchAll(/\brequire\(["']([^"']+)["']\)/g)]
  .map((m) => m[1])
  .filter((m) => m !== 'electron');
if (required.length) {
  console.error(
    `preload.cjs requires ${[...new Set(required)].join(', ')}: a sandboxed preload may only require electron`,
  );
  process.exit(1);
}

const phiData = join(root, 'main/export/phi/data');
mkdirSync(join(out, 'data'), { recursive: true });
for (const f of readdirSync(phiData).filter((f) => f.endsWith('.txt')))
  copyFileSync(join(phiData, f), join(out, 'data', f));

console.log(`bundled ${join('dist', 'electron', 'main.cjs')} and ${join('dist', 'electron', 'preload.cjs')}`);
