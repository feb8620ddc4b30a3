// ESLint flat config. The engine and rules boundary is enforced here (and by tsconfig.engine.json,
// which type-checks them without Node's types so a `process` or `fs` slip fails to compile).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '**/fixtures/**', '.ci/e2e/**', 'bench/corpus/**', 'test-artifacts/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Hosts read files only through host/safe-read.ts (regular files only, O_NONBLOCK, a cap per kind), so a FIFO
    // or a link to /dev/zero under a name AISec reads cannot hang it or exhaust memory. Exceptions: the reader
    // itself and the grammars loaded from AISec's own install folder (`aisec fix` reads through it too, in cli/fix-files.ts).
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    ignores: ['server/src/host/safe-read.ts', 'server/src/host/load-engine.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
          name,
          importNames: ['readFileSync', 'readFile', 'createReadStream', 'readSync', 'read'],
          message: 'Read files through server/src/host/safe-read.ts (readDiskFile, readDiskText).',
        })),
      }],
    },
  },
  {
    // Architecture invariant: the engine and the rules are pure (no VS Code, LSP, file system, network, process).
    files: ['server/src/engine/**/*.ts', 'server/src/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', 'vscode-*', 'node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'tls', 'dns', 'child_process', 'worker_threads', 'zlib'], message: 'The engine and rules are pure: the host injects I/O.' },
          { group: ['**/lsp/**', '**/cli/**', '**/intel/**', '../lsp', '../cli', '../intel'], message: 'The engine and rules may not import hosts or intel (use engine/ports.ts).' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', 'setTimeout', 'setInterval', 'fetch', 'console'],
    },
  },
);
