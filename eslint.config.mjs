// `npm run lint` (and a step of `npm test`): zero warnings allowed, so a rule here is either kept or
// turned off with its reason, never left to warn.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.electron-native/', '.vite/'] },
  // A disable comment that no longer silences anything is itself an error: it would hide the next real finding.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      // Which files import-x reads (and with which parser) when it follows an import to look for a cycle.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'] })],
    },
    rules: {
      // An import cycle makes load order decide what a module sees; the codebase has none and keeps it so.
      'import-x/no-cycle': 'error',
      // Unused names are the type-checker's job too (noUnusedLocals); `_`-prefixed ones are kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A `let` declared early so a listener can close over it, then assigned once later, stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Product code writes `if (x) (a(), b())` as a one-line pair of statements (segments, search, bench); the
    // rule stays on in tests/, where a bare `expect(x).toBeNull` is a test that cannot fail.
    files: ['db/**', 'electron/**', 'renderer/**', 'shared/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // Tests read the CLI's untyped JSON and stand in for Electron's untyped handlers: `any` is that data's type.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // CommonJS files (the bin shim, electron-builder hooks) load with require by design.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
