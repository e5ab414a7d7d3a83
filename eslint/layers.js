// The layering rule (docs/architecture.md): an import may stay in its layer or go down, never
// climb, and each layer may use only the packages it lists. Paths are resolved against the
// importing file, so `../services/x` from main/db and `../../main/ipc` from shared are both seen
// for what they are. Node built-ins come from node:module's list, with and without `node:`.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const NODE = '<node built-ins>';
const SQLITE = 'better-sqlite3-multiple-ciphers';
const XLSX = ['exceljs', 'jszip', 'yauzl', 'saxes', 'jstat', 'simple-statistics'];

/**
 * Layers, lowest first. `rank` orders the main process's layers (a layer sees its rank and
 * below); the renderer is its own column that sees only shared/. `packages` are the npm
 * packages (and Node built-ins) that a layer may import.
 */
export const LAYERS = [
  { name: 'shared', dirs: ['shared'], rank: 0, packages: ['zod', 'date-fns'] },
  { name: 'main/db', dirs: ['main/db', 'main/version'], rank: 1, packages: ['zod', SQLITE, NODE] },
  { name: 'main/services', dirs: ['main/services'], rank: 2, packages: ['zod', SQLITE, NODE] },
  { name: 'main/export', dirs: ['main/export'], rank: 3, packages: ['zod', SQLITE, NODE, ...XLSX] },
  {
    name: 'main/study, main/sponsor, main/demo',
    dirs: ['main/study', 'main/sponsor', 'main/demo'],
    rank: 4,
    packages: ['zod', SQLITE, NODE, ...XLSX, 'csv-parse', '@duckdb/node-api', 'pure-rand'],
  },
  { name: 'main/ipc', dirs: ['main/ipc'], rank: 5, packages: ['zod', SQLITE, NODE, ...XLSX, '@duckdb/node-api'] },
  {
    name: 'main/host, main/electron, main/cli',
    dirs: ['main/host', 'main/electron', 'main/cli'],
    rank: 6,
    packages: ['zod', SQLITE, NODE, ...XLSX, '@duckdb/node-api', 'commander', 'cli-progress', 'electron'],
  },
  {
    name: 'renderer',
    dirs: ['renderer/src'],
    rank: -1,
    sees: ['shared', 'renderer'],
    packages: ['zod', 'date-fns', 'react', 'react-dom', '@mui/*', '@emotion/*'],
  },
];

/** Test files may also use the test tools, whatever layer they sit in. */
const TEST_PACKAGES = ['vitest', 'fast-check'];
const isTestFile = (f) => /\.test\.tsx?$/.test(f);

function layerOf(repoPath) {
  let best;
  for (const l of LAYERS)
    for (const d of l.dirs)
      if (
        (repoPath === d || repoPath.startsWith(`${d}/`) || repoPath.startsWith(`${d}.`)) &&
        (!best || d.length > best.dir.length)
      )
        best = { layer: l, dir: d };
  return best?.layer;
}

function packageName(spec) {
  if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) return NODE;
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function packageAllowed(layer, pkg, file) {
  if (isTestFile(file) && TEST_PACKAGES.includes(pkg)) return true;
  return layer.packages.some((p) => p === pkg || (p.endsWith('/*') && pkg.startsWith(p.slice(0, -1))));
}

function sees(from, to) {
  if (from === to) return true;
  if (from.sees) return from.sees.includes(to.name);
  if (to.rank < 0) return false; // main never imports the renderer
  return to.rank <= from.rank;
}

export const noClimb = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports stay in their layer or go down; each layer uses only its packages.' },
    schema: [],
    messages: {
      climb: '{{from}} may not import {{to}} ({{spec}}): imports never climb the layers (docs/architecture.md).',
      pkg: '{{from}} may not use the package {{pkg}} ({{spec}}): allowed here: {{allowed}}.',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split(sep).join('/');
    const from = layerOf(file);
    if (!from) return {};
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(context.filename), spec))
          .split(sep)
          .join('/');
        const to = layerOf(target);
        if (!to && isTestFile(file) && target.startsWith('tests/')) return; // a colocated test's fixtures
        if (!to) {
          // Outside every layer (tests/, bench/, build/): product code never reaches there.
          context.report({ node, messageId: 'climb', data: { from: from.name, to: target, spec } });
          return;
        }
        if (!sees(from, to)) context.report({ node, messageId: 'climb', data: { from: from.name, to: to.name, spec } });
        return;
      }
      const pkg = packageName(spec);
      if (!packageAllowed(from, pkg, file))
        context.report({
          node,
          messageId: 'pkg',
          data: { from: from.name, pkg, spec, allowed: from.packages.join(', ') },
        });
    }
    const source = (node) => check(node.source, node.source?.value);
    return {
      ImportDeclaration: source,
      ExportNamedDeclaration: (node) => node.source && source(node),
      ExportAllDeclaration: source,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'no-climb': noClimb } };
