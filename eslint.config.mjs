// Layering, enforced (after VS Code's code-layering rule): shared/ is pure TypeScript; the renderer never touches
// Node, native modules or main; main's core never touches electron or the renderer; only main/hosts/electron
// imports electron.
import tseslint from 'typescript-eslint';

const node = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'crypto', 'url', 'util', 'net'];
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-results/**', 'resources/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { 'no-debugger': 'error', 'no-var': 'error', 'prefer-const': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern([...node, 'electron', 'better-sqlite3', 'ws', 'react', 'react-dom', '@deck.gl/*'], 'shared/ runs in both processes: no Node, DOM, native or UI imports'),
        pattern(['**/main/**', '**/renderer/**'], 'shared/ may not import main/ or renderer/'),
      ] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.mts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern([...node, 'electron', 'better-sqlite3', 'ws'], 'the renderer talks to main only through the contract in shared/'),
        pattern(['**/main/**'], 'the renderer may not import main/: use the contract'),
      ] }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/hosts/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(['electron'], 'only main/hosts/electron may import electron'),
        pattern(['react', 'react-dom', '@deck.gl/*', '**/renderer/**'], 'main may not import the renderer'),
      ] }],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(['electron', 'ws', 'http'], 'the core is plain Node: hosts wrap it'),
        pattern(['**/hosts/**', '**/cli/**', '**/renderer/**'], 'the core may not import its hosts'),
      ] }],
    },
  },
);
