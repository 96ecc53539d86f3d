import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The web UI runs in the browser; hooks follow React's rules.
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Mantine's bare Loader puts an aria-label on a role-less span (axe: aria-prohibited-attr).
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXOpeningElement[name.name='Loader']",
          message: 'Use Busy from ui/busy: a spinner is a labelled status region or hidden decoration.',
        },
      ],
    },
  },
  { files: ['packages/web/src/ui/busy.tsx'], rules: { 'no-restricted-syntax': 'off' } },
  {
    // Core stays pure: no environment, no HTTP, no drivers.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'core must not read process state' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['better-sqlite3', 'fastify', 'fastify-*', '@fastify/*', 'pg', 'bullmq', 'ioredis'],
              message: 'core has no drivers or HTTP',
            },
            { group: ['@sift/*', '!@sift/core'], message: 'core depends on nothing inward' },
          ],
        },
      ],
    },
  },
);
