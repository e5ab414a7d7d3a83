// Layering (style.md): shared/ is pure, renderer/ is the browser, main/ is Node, and only
// main/electron/ may import 'electron'. The lint refuses an import that climbs.
import tseslint from 'typescript-eslint';

const noElectron = {
  name: 'electron',
  message: 'Only main/electron/ may import electron (it downloads a binary when required from plain Node).',
};
const nodeBuiltins = [
  'fs',
  'path',
  'crypto',
  'child_process',
  'os',
  'http',
  'net',
  'worker_threads',
  'stream',
  'util',
  'url',
  'events',
  'zlib',
  'readline',
];
const nodeRestricted = nodeBuiltins.flatMap((m) => [
  { name: m, message: 'No Node built-ins here: this layer also runs in the browser.' },
  { name: `node:${m}`, message: 'No Node built-ins here: this layer also runs in the browser.' },
]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tests/e2e/screens/**', 'renderer/dist/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeRestricted,
            { name: 'better-sqlite3-multiple-ciphers', message: 'shared/ is pure.' },
          ],
          patterns: [
            { group: ['**/main/**', '**/renderer/**'], message: 'shared/ imports nothing of main/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeRestricted,
            { name: 'better-sqlite3-multiple-ciphers', message: 'The renderer never sees the database.' },
          ],
          patterns: [
            { group: ['**/main/**'], message: 'The renderer talks to main only through the typed IPC client.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [{ group: ['**/renderer/**'], message: 'main/ does not import the renderer.' }],
        },
      ],
    },
  },
);
