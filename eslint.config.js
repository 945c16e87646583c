import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'

export default tseslint.config(
  // server/.venv*: the server's Python environments (git-ignored), with Django's admin scripts in them.
  // docs/.vitepress/{cache,dist}: VitePress's build and dev cache (git-ignored); its config.ts is linted.
  { ignores: ['dist/**', 'dist-*/**', 'packages/*/dist/**', 'docs/api/**', 'public/mockServiceWorker.js', 'node_modules/**', 'coverage/**', '.e2e-artifacts/**', 'server/.venv*/**', 'docs/.vitepress/cache/**', 'docs/.vitepress/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The app is the packages' first consumer: it imports them by name, as a stranger would.
    files: ['src/**/*.ts', 'src/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/packages/**', '@packages/*'], message: 'Import a workspace package by its name (@django-jwt/…), never by a path into packages/.' },
            { group: ['@django-jwt/*/*'], message: 'Import a package by its name only: its entry is its public API.' },
          ],
        },
      ],
    },
  },
  {
    // A package stands alone: nothing of the app, and its siblings by name only.
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/*'], message: 'A package imports nothing from the app.' },
            { group: ['../../*'], message: 'A package imports its siblings by name (@django-jwt/…), never by a path.' },
          ],
        },
      ],
    },
  },
  {
    // The session core is free of any framework.
    files: ['packages/session/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vue', 'pinia', 'axios', 'vue-router', 'msw'].map((name) => ({ name, message: 'The session core imports no framework.' })),
          patterns: [{ group: ['@/*', '@django-jwt/*'], message: 'The session core imports nothing of the app or the bindings.' }],
        },
      ],
    },
  },
)
