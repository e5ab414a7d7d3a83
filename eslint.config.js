// Layering (docs/architecture.md, style.md): shared/ is pure, renderer/ is the browser and sees
// only shared/, main/ is Node in layers that never import upwards, and only main/electron/ may
// import 'electron'. eslint/layers.js holds the layers and the packages each may use.
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

const noElectron = {
  name: 'electron',
  message: 'Only main/electron/ may import electron (it downloads a binary when required from plain Node).',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'main/electron/types/**',
      'tests/e2e/screens/**',
      'renderer/dist/**',
      'coverage/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['shared/**/*.ts', 'main/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/no-climb': 'error' },
  },
  {
    files: ['**/*.{ts,tsx,js}'],
    ignores: ['main/electron/**', 'bin/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
);
