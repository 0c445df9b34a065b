// ESLint for the whole tree: `npm run lint` (zero warnings allowed). The rule set is the
// recommended one of ESLint and typescript-eslint, React's hook rules in renderer/, and the import
// rules of design.md §2 as the local rule `vpclink/import-rules`, which reads the same table as
// test/architecture/importRules.test.ts (build/importRules.mjs). Formatting is Prettier's job.
import { relative } from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importProblem } from './build/importRules.mjs';

const ROOT = import.meta.dirname;

/** design.md §2 as a lint rule: every import, re-export, dynamic import and require is judged. */
const importRules = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer rules of design.md §2 (build/importRules.mjs)' },
    schema: [],
  },
  create(context) {
    const file = relative(ROOT, context.filename);
    const check = (source, typeOnly) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const problem = importProblem(file, source.value, typeOnly);
      if (problem) context.report({ node: source, message: `"${source.value}": ${problem}` });
    };
    const allTypes = (node) =>
      node.importKind === 'type' ||
      (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
    return {
      ImportDeclaration: (node) => check(node.source, allTypes(node)),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node.source, false),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference.expression, false),
      'CallExpression[callee.name="require"]': (node) => check(node.arguments[0], false),
    };
  },
};

export default defineConfig(
  {
    ignores: ['**/node_modules/', 'dist/', 'out/', 'release/', 'coverage/', '.ci/out/', 'test-results/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { vpclink: { rules: { 'import-rules': importRules } } },
    rules: {
      'vpclink/import-rules': 'error',
      // Code built with `new Function` must say why it is safe (fastParse compiles the schema).
      'no-new-func': 'error',
      // `/// <reference path>` brings in a local ambient module (cloud/client/popCore.d.ts).
      '@typescript-eslint/triple-slash-reference': ['error', { path: 'always', types: 'prefer-import', lib: 'always' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // Prettier wraps code at 120; what it cannot wrap (long strings, messages) may run longer, but
      // no line passes 200 characters: a long message is written as pieces joined with +.
      'max-len': [
        'error',
        {
          code: 200,
          ignoreStrings: false,
          ignoreTemplateLiterals: false,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          ignoreComments: false,
        },
      ],
      // `_name` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      // Tests feed malformed documents and raw API shapes on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // Expected CLI output is column-aligned; its regexes spell the spaces out.
      'no-regex-spaces': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    ...reactHooks.configs.flat.recommended,
  },
);
